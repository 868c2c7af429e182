package com.herald.contact;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.HeraldIntegrationTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Merging two contacts, and the GDPR paths: export and erasure. */
@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactPrivacyIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	ContactService contacts;

	@Autowired
	UserAccountService accounts;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcTemplate jdbc;

	TwoTenants fixture;

	Actor admin;

	@BeforeAll
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.admin = this.fixture.a().admin(this.accounts);
	}

	@Test
	void mergesTwoContactsKeepingTheFirstsValuesAndFillingItsGaps() {
		Contact keep = this.contacts.create(this.admin,
				ContactDraft.builder()
					.email(ContactFixtures.email())
					.firstName("Ann")
					.attribute("lead_status", "won")
					.tag("vip")
					.build());
		Contact remove = this.contacts.create(this.admin,
				ContactDraft.builder()
					.externalId("crm-" + ContactFixtures.token())
					.phone(ContactFixtures.usPhone())
					.firstName("Annie")
					.lastName("Smith")
					.storeId(this.fixture.a().storeOne().getId())
					.attribute("lead_status", "lost")
					.attribute("market", "ny")
					.tag("newsletter")
					.build());

		Contact merged = this.contacts.merge(this.admin, keep.getId(), remove.getId());

		assertThat(merged.getId()).isEqualTo(keep.getId());
		assertThat(merged.getEmail()).isEqualTo(keep.getEmail());
		assertThat(merged.getPhone()).isEqualTo(remove.getPhone());
		assertThat(merged.getExternalId()).isEqualTo(remove.getExternalId());
		assertThat(merged.getFirstName()).isEqualTo("Ann");
		assertThat(merged.getLastName()).isEqualTo("Smith");
		assertThat(merged.getStoreId()).isEqualTo(this.fixture.a().storeOne().getId());
		assertThat(merged.getAttributes()).containsOnly(Map.entry("lead_status", "won"), Map.entry("market", "ny"));
		assertThat(merged.getTags()).containsExactly("newsletter", "vip");
		assertThat(this.contacts.get(this.admin, keep.getId()).getPhone()).isEqualTo(remove.getPhone());
		assertThatThrownBy(() -> this.contacts.get(this.admin, remove.getId())).isInstanceOf(NotFoundException.class);
		// the removed contact's identifiers now find the kept one
		UpsertResult byPhone = this.contacts.upsert(this.admin,
				ContactDraft.builder().phone(remove.getPhone()).build());
		assertThat(byPhone.contactId()).isEqualTo(keep.getId());
		assertThat(auditActions(keep)).contains("contact.merged");
	}

	@Test
	void refusesToMergeAContactWithItself() {
		Contact contact = this.contacts.create(this.admin, ContactFixtures.person().build());
		assertThatThrownBy(() -> this.contacts.merge(this.admin, contact.getId(), contact.getId()))
			.isInstanceOf(InvalidInputException.class);
	}

	@Test
	void exportsEverythingHeldAboutAContact() {
		Contact contact = this.contacts.create(this.admin,
				ContactFixtures.person().locale("es-MX").attribute("birthday", "1990-04-01").tag("vip").build());

		Map<String, Object> export = this.contacts.exportAll(this.fixture.a().compliance(this.accounts),
				contact.getId());

		@SuppressWarnings("unchecked")
		Map<String, Object> fields = (Map<String, Object>) export.get("contact");
		assertThat(fields).containsEntry("id", contact.getId().toString())
			.containsEntry("email", contact.getEmail())
			.containsEntry("phone", contact.getPhone())
			.containsEntry("firstName", "Ann")
			.containsEntry("locale", "es-MX")
			.containsEntry("attributes", Map.of("birthday", "1990-04-01"))
			.containsEntry("tags", List.of("vip"));
		assertThat(export).containsKeys("exportedAt", "consent");
		assertThat(auditActions(contact)).endsWith("contact.exported");
	}

	@Test
	void erasesPersonalDataButKeepsAnAnonymousRow() {
		Contact contact = this.contacts.create(this.admin,
				ContactFixtures.person()
					.externalId("crm-" + ContactFixtures.token())
					.storeId(this.fixture.a().storeTwo().getId())
					.attribute("zip", "28001")
					.tag("vip")
					.build());

		this.contacts.erase(this.fixture.a().compliance(this.accounts), contact.getId());

		assertThatThrownBy(() -> this.contacts.get(this.admin, contact.getId())).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.contacts.exportAll(this.admin, contact.getId()))
			.isInstanceOf(NotFoundException.class);
		Map<String, Object> row = this.transactions.readInTenant(this.fixture.a().id(), () -> this.jdbc.queryForMap("""
				SELECT external_id, first_name, last_name, email, phone_e164, locale, attributes::text AS attributes,
				       cardinality(tags) AS tags, store_id, timezone, erased_at
				FROM contacts WHERE tenant_id = ? AND id = ?
				""", this.fixture.a().id().value(), contact.getId().value()));
		assertThat(row).containsEntry("external_id", null)
			.containsEntry("first_name", null)
			.containsEntry("last_name", null)
			.containsEntry("email", null)
			.containsEntry("phone_e164", null)
			.containsEntry("locale", null)
			.containsEntry("attributes", "{}")
			.containsEntry("tags", 0)
			.containsEntry("store_id", this.fixture.a().storeTwo().getId().value())
			.containsEntry("timezone", "Europe/Madrid");
		assertThat(row.get("erased_at")).isNotNull();
		// the email is free for someone new, and the erasure is audited without it
		assertThat(this.contacts.create(this.admin, ContactDraft.builder().email(contact.getEmail()).build()))
			.isNotNull();
		String audit = this.transactions.readInTenant(this.fixture.a().id(), () -> this.jdbc.queryForObject("""
				SELECT summary::text FROM audit_events
				WHERE tenant_id = ? AND target_id = ? AND action = 'contact.erased'
				""", String.class, this.fixture.a().id().value(), contact.getId().toString()));
		assertThat(audit).contains("email", "phone").doesNotContain(contact.getEmail(), contact.getPhone(), "28001");
	}

	@Test
	void letsOnlyAdminsAndComplianceOfficersExportOrErase() {
		Contact contact = this.contacts.create(this.admin,
				ContactFixtures.person().storeId(this.fixture.a().storeOne().getId()).build());
		Actor manager = this.fixture.a().manager(this.accounts);
		assertThatThrownBy(() -> this.contacts.exportAll(manager, contact.getId()))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.contacts.erase(manager, contact.getId()))
			.isInstanceOf(PermissionDeniedException.class);
		assertThat(this.contacts.get(this.admin, contact.getId()).getEmail()).isEqualTo(contact.getEmail());
	}

	private List<String> auditActions(Contact contact) {
		return this.transactions.readInTenant(this.fixture.a().id(), () -> this.jdbc.queryForList("""
				SELECT action FROM audit_events WHERE tenant_id = ? AND target_type = 'contact' AND target_id = ?
				ORDER BY seq
				""", String.class, this.fixture.a().id().value(), contact.getId().toString()));
	}

}
