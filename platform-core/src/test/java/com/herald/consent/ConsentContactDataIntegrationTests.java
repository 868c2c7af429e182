package com.herald.consent;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.HeraldIntegrationTest;
import com.herald.contact.Contact;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/** Consent's part when a contact is merged, exported or erased. */
@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentContactDataIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	ConsentService consent;

	@Autowired
	PreferenceService preferences;

	@Autowired
	SuppressionService suppressions;

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
	void mergeCarriesTheConsentHistoryAndTheStricterPreferences() {
		Contact keep = this.contacts.create(this.admin, ContactDraft.builder().email(ContactFixtures.email()).build());
		Contact remove = this.contacts.create(this.admin,
				ContactDraft.builder().phone(ContactFixtures.usPhone()).build());
		this.consent.record(this.admin, keep.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Email me", null, null);
		ConsentRecord smsOptIn = this.consent.record(this.admin, remove.getId(), Channel.SMS, ConsentStatus.OPTED_IN,
				ConsentSource.FORM, "Text me", "192.0.2.9", "Phone browser");
		this.preferences.setCategory(this.admin, keep.getId(), Channel.EMAIL, "promotional", true);
		this.preferences.setCategory(this.admin, remove.getId(), Channel.EMAIL, "promotional", false);
		this.preferences.setQuietHours(this.admin, remove.getId(), QuietHours.of("22:00", "07:00"));

		this.contacts.merge(this.admin, keep.getId(), remove.getId());

		List<ConsentRecord> history = this.consent.history(this.admin, keep.getId());
		assertThat(history).hasSize(2);
		ConsentRecord carried = history.stream().filter((r) -> r.channel() == Channel.SMS).findFirst().orElseThrow();
		assertThat(carried.mergedFrom()).isEqualTo(smsOptIn.id());
		assertThat(carried.wording()).isEqualTo("Text me");
		assertThat(carried.ip()).isEqualTo("192.0.2.9");
		assertThat(carried.occurredAt()).isEqualTo(smsOptIn.occurredAt());
		assertThat(this.consent.status(this.admin, keep.getId())).containsEntry(Channel.SMS, ConsentStatus.OPTED_IN)
			.containsEntry(Channel.EMAIL, ConsentStatus.OPTED_IN);
		ContactPreferences merged = this.preferences.get(this.admin, keep.getId());
		assertThat(merged.choice(Channel.EMAIL, "promotional")).contains(false);
		assertThat(merged.quietHours()).isEqualTo(QuietHours.of("22:00", "07:00"));
	}

	@Test
	void exportIncludesTheLedgerStatusAndPreferences() {
		Contact contact = this.contacts.create(this.admin, ContactFixtures.person().build());
		this.consent.record(this.admin, contact.getId(), Channel.SMS, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Text me offers", "192.0.2.44", "Agent/1.0");
		this.preferences.setFrequencyCap(this.admin, contact.getId(), new FrequencyCap(2, 7));

		Map<String, Object> export = this.contacts.exportAll(this.admin, contact.getId());

		@SuppressWarnings("unchecked")
		Map<String, Object> consentSection = (Map<String, Object>) export.get("consent");
		assertThat(consentSection.get("status"))
			.isEqualTo(Map.of("sms", "opted_in", "whatsapp", "unknown", "email", "unknown", "push", "unknown"));
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> records = (List<Map<String, Object>>) consentSection.get("records");
		assertThat(records).singleElement()
			.satisfies((record) -> assertThat(record).containsEntry("wording", "Text me offers")
				.containsEntry("ip", "192.0.2.44")
				.containsEntry("userAgent", "Agent/1.0")
				.containsEntry("source", "form"));
		@SuppressWarnings("unchecked")
		Map<String, Object> preferences = (Map<String, Object>) consentSection.get("preferences");
		assertThat(preferences).containsEntry("frequencyCap", Map.of("messages", 2, "days", 7));
	}

	@Test
	void erasureBlanksClientDetailsDropsPreferencesAndKeepsSuppressions() {
		Contact contact = this.contacts.create(this.admin, ContactFixtures.person().build());
		this.consent.record(this.admin, contact.getId(), Channel.SMS, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Text me offers", "192.0.2.55", "Agent/2.0");
		this.preferences.setQuietHours(this.admin, contact.getId(), QuietHours.of("22:00", "07:00"));
		this.suppressions.add(this.admin, Channel.EMAIL, contact.getEmail(), SuppressionReason.UNSUBSCRIBED, null);

		this.contacts.erase(this.admin, contact.getId());

		Map<String, Object> left = this.transactions.readInTenant(this.fixture.a().id(),
				() -> this.jdbc.queryForMap(
						"""
								SELECT (SELECT count(*) FROM consent_records WHERE contact_id = c.id) AS records,
								       (SELECT count(*) FROM consent_records WHERE contact_id = c.id
								                                             AND (ip IS NOT NULL OR user_agent IS NOT NULL)) AS identifying,
								       (SELECT count(*) FROM consent_status WHERE contact_id = c.id) AS statuses,
								       (SELECT count(*) FROM contact_preferences WHERE contact_id = c.id) AS preferences
								FROM contacts c WHERE c.tenant_id = ? AND c.id = ?
								""",
						this.fixture.a().id().value(), contact.getId().value()));
		assertThat(left).containsEntry("records", 1L)
			.containsEntry("identifying", 0L)
			.containsEntry("statuses", 0L)
			.containsEntry("preferences", 0L);
		assertThat(this.suppressions.isSuppressed(this.fixture.a().id(), Channel.EMAIL, contact.getEmail())).isTrue();
	}

}
