package com.herald.consent;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.HeraldIntegrationTest;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
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

@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentServiceIntegrationTests {

	static final String WORDING = "Yes, text me offers from Herald Shoes. Msg & data rates may apply. Reply STOP to opt out.";

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	ConsentService consent;

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
	void keepsEveryChangeWithItsEvidenceAndTheLatestAsTheStatus() {
		Contact contact = this.contacts.create(this.admin, ContactFixtures.person().build());
		ConsentRecord optIn = this.consent.record(this.admin, contact.getId(), Channel.SMS, ConsentStatus.OPTED_IN,
				ConsentSource.FORM, WORDING, "203.0.113.7", "Mozilla/5.0 (iPhone)");
		ConsentRecord stop = this.consent.record(Actor.system(this.fixture.a().id()), contact.getId(), Channel.SMS,
				ConsentStatus.OPTED_OUT, ConsentSource.KEYWORD, "STOP", null, null);

		List<ConsentRecord> history = this.consent.history(this.admin, contact.getId());
		assertThat(history).extracting(ConsentRecord::id).containsExactly(stop.id(), optIn.id());
		ConsentRecord first = history.get(1);
		assertThat(first.status()).isEqualTo(ConsentStatus.OPTED_IN);
		assertThat(first.source()).isEqualTo(ConsentSource.FORM);
		assertThat(first.wording()).isEqualTo(WORDING);
		assertThat(first.ip()).isEqualTo("203.0.113.7");
		assertThat(first.userAgent()).isEqualTo("Mozilla/5.0 (iPhone)");
		assertThat(first.actorLabel()).isEqualTo(this.fixture.a().adminEmail());
		assertThat(history.get(0).actorType()).isEqualTo("SYSTEM");

		Map<Channel, ConsentStatus> status = this.consent.status(this.admin, contact.getId());
		assertThat(status).containsEntry(Channel.SMS, ConsentStatus.OPTED_OUT)
			.containsEntry(Channel.EMAIL, ConsentStatus.UNKNOWN)
			.containsEntry(Channel.WHATSAPP, ConsentStatus.UNKNOWN)
			.containsEntry(Channel.PUSH, ConsentStatus.UNKNOWN);
	}

	@Test
	void keepsAnOlderImportedConsentInTheLedgerWithoutOverridingANewerChoice() {
		Contact contact = this.contacts.create(this.admin, ContactFixtures.person().build());
		this.consent.record(this.admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_OUT, ConsentSource.ADMIN,
				null, null, null);
		Instant lastYear = Instant.now().minus(365, ChronoUnit.DAYS);
		this.consent.record(this.admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.IMPORT,
				"In-store sign-up form, 2025", null, null, lastYear);

		assertThat(this.consent.status(this.fixture.a().id(), contact.getId(), Channel.EMAIL))
			.isEqualTo(ConsentStatus.OPTED_OUT);
		assertThat(this.consent.history(this.admin, contact.getId())).hasSize(2)
			.extracting(ConsentRecord::source)
			.containsExactly(ConsentSource.ADMIN, ConsentSource.IMPORT);
	}

	@Test
	void needsTheWordingToOptInAndRefusesFutureDates() {
		Contact contact = this.contacts.create(this.admin, ContactFixtures.person().build());
		assertThatThrownBy(() -> this.consent.record(this.admin, contact.getId(), Channel.SMS, ConsentStatus.OPTED_IN,
				ConsentSource.API, "  ", null, null))
			.isInstanceOf(InvalidInputException.class)
			.satisfies((ex) -> assertThat(((InvalidInputException) ex).getFieldErrors()).containsKey("wording"));
		assertThatThrownBy(() -> this.consent.record(this.admin, contact.getId(), Channel.SMS, ConsentStatus.OPTED_IN,
				ConsentSource.API, WORDING, null, null, Instant.now().plus(1, ChronoUnit.DAYS)))
			.isInstanceOf(InvalidInputException.class);
		assertThatThrownBy(() -> this.consent.record(this.admin, contact.getId(), Channel.SMS, ConsentStatus.OPTED_IN,
				ConsentSource.API, WORDING, "not an ip", null))
			.isInstanceOf(InvalidInputException.class);
		assertThat(this.consent.history(this.admin, contact.getId())).isEmpty();
	}

	@Test
	void auditsEachChangeWithoutTheClientsDetails() {
		Contact contact = this.contacts.create(this.admin,
				ContactFixtures.person().storeId(this.fixture.a().storeOne().getId()).build());
		this.consent.record(this.admin, contact.getId(), Channel.WHATSAPP, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				WORDING, "198.51.100.23", "Secret Browser");
		Map<String, Object> event = this.transactions.readInTenant(this.fixture.a().id(),
				() -> this.jdbc.queryForMap("""
						SELECT store_id, summary::text AS summary FROM audit_events
						WHERE tenant_id = ? AND target_id = ? AND action = 'consent.recorded'
						""", this.fixture.a().id().value(), contact.getId().toString()));
		assertThat(event.get("store_id")).isEqualTo(this.fixture.a().storeOne().getId().value());
		assertThat((String) event.get("summary")).contains("whatsapp", "opted_in", "form")
			.doesNotContain("198.51.100.23", "Secret Browser", contact.getPhone());
	}

	@Test
	void keepsTheLedgerAppendOnlyForTheApplication() {
		Contact contact = this.contacts.create(this.admin, ContactFixtures.person().build());
		ConsentRecord record = this.consent.record(this.admin, contact.getId(), Channel.SMS, ConsentStatus.OPTED_IN,
				ConsentSource.FORM, WORDING, null, null);
		assertThatThrownBy(() -> this.transactions.inTenant(this.fixture.a().id(),
				() -> this.jdbc.update("UPDATE consent_records SET status = 'opted_out' WHERE id = ?", record.id())))
			.rootCause()
			.hasMessageContaining("permission denied");
		assertThatThrownBy(() -> this.transactions.inTenant(this.fixture.a().id(),
				() -> this.jdbc.update("DELETE FROM consent_records WHERE id = ?", record.id())))
			.rootCause()
			.hasMessageContaining("permission denied");
		assertThat(this.consent.history(this.admin, contact.getId())).extracting(ConsentRecord::status)
			.containsExactly(ConsentStatus.OPTED_IN);
	}

	@Test
	void hidesOneTenantsLedgerFromAnother() {
		Contact contact = this.contacts.create(this.admin, ContactFixtures.person().build());
		this.consent.record(this.admin, contact.getId(), Channel.SMS, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				WORDING, null, null);
		Actor adminB = this.fixture.b().admin(this.accounts);
		assertThatThrownBy(() -> this.consent.record(adminB, contact.getId(), Channel.SMS, ConsentStatus.OPTED_OUT,
				ConsentSource.ADMIN, null, null, null))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.consent.history(adminB, contact.getId())).isInstanceOf(NotFoundException.class);
		assertThat(this.consent.status(this.fixture.b().id(), contact.getId(), Channel.SMS))
			.isEqualTo(ConsentStatus.UNKNOWN);
		assertThat(this.consent.status(this.fixture.a().id(), contact.getId(), Channel.SMS))
			.isEqualTo(ConsentStatus.OPTED_IN);
	}

	@Test
	void letsStoreManagersRecordConsentOnlyForTheirStoresContacts() {
		Contact elsewhere = this.contacts.create(this.admin,
				ContactFixtures.person().storeId(this.fixture.a().storeTwo().getId()).build());
		Actor manager = this.fixture.a().manager(this.accounts);
		assertThatThrownBy(() -> this.consent.record(manager, elsewhere.getId(), Channel.SMS, ConsentStatus.OPTED_IN,
				ConsentSource.ADMIN, WORDING, null, null))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.consent.record(this.fixture.a().compliance(this.accounts), elsewhere.getId(),
				Channel.SMS, ConsentStatus.OPTED_IN, ConsentSource.ADMIN, WORDING, null, null))
			.isInstanceOf(PermissionDeniedException.class);
		assertThat(this.consent.history(this.admin, elsewhere.getId())).isEmpty();
	}

}
