package com.herald.contact;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.HeraldIntegrationTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.DuplicateException;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactServiceIntegrationTests {

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
	void createsAContactWithCleanValuesAndTheStoresTimezone() {
		String phone = ContactFixtures.usPhone();
		Contact contact = this.contacts.create(this.admin,
				ContactDraft.builder()
					.firstName("  Ann ")
					.lastName("Smith")
					.email("  Ann.Smith+" + ContactFixtures.token() + "@Example.COM ")
					.phone(ContactFixtures.national(phone))
					.locale("en-us")
					.storeId(this.fixture.a().storeOne().getId())
					.attribute("lead_source", "facebook")
					.attribute("visit_count", 3)
					.tags(Set.of(" VIP ", "Newsletter"))
					.build());

		Contact stored = this.contacts.get(this.admin, contact.getId());
		assertThat(stored.getFirstName()).isEqualTo("Ann");
		assertThat(stored.getEmail()).startsWith("ann.smith+").endsWith("@example.com");
		assertThat(stored.getPhone()).isEqualTo(phone);
		assertThat(stored.getLocale()).isEqualTo("en-US");
		assertThat(stored.getTimezone()).isEqualTo(ZoneId.of("America/New_York"));
		assertThat(stored.getAttributes()).containsEntry("lead_source", "facebook").containsEntry("visit_count", 3);
		assertThat(stored.getTags()).containsExactly("newsletter", "vip");
		assertThat(stored.getStoreId()).isEqualTo(this.fixture.a().storeOne().getId());
	}

	@Test
	void readsLocalNumbersInTheStoresRegionAndTakesItsTimezone() {
		String mobile = ContactFixtures.esMobile();
		String national = mobile.substring(3, 6) + " " + mobile.substring(6, 9) + " " + mobile.substring(9);
		Contact contact = this.contacts.create(this.admin,
				ContactDraft.builder().phone(national).storeId(this.fixture.a().storeTwo().getId()).build());
		assertThat(contact.getPhone()).isEqualTo(mobile);
		assertThat(contact.getTimezone()).isEqualTo(ZoneId.of("Europe/Madrid"));
	}

	@Test
	void derivesTheTimezoneFromThePhoneOnlyWhenItsAreaHasOneZone() {
		Contact newYork = this.contacts.create(this.admin,
				ContactDraft.builder().phone(ContactFixtures.usPhone()).build());
		assertThat(newYork.getTimezone()).isEqualTo(ZoneId.of("America/New_York"));
		Contact spanishMobile = this.contacts.create(this.admin,
				ContactDraft.builder().phone(ContactFixtures.esMobile()).build());
		assertThat(spanishMobile.getTimezone()).isNull();
		Contact given = this.contacts.create(this.admin,
				ContactDraft.builder().phone(ContactFixtures.usPhone()).timezone("europe/paris").build());
		assertThat(given.getTimezone()).isEqualTo(ZoneId.of("Europe/Paris"));
	}

	@Test
	void reportsEveryInvalidFieldAtOnceAndWritesNothing() {
		String token = ContactFixtures.token();
		assertThatThrownBy(() -> this.contacts.create(this.admin,
				ContactDraft.builder()
					.externalId(token)
					.email("not-an-email")
					.phone("12345")
					.locale("english")
					.timezone("Mars/Olympus")
					.attribute("Bad-Key", 1)
					.tag("a,b")
					.build()))
			.isInstanceOf(InvalidInputException.class)
			.satisfies((ex) -> assertThat(((InvalidInputException) ex).getFieldErrors()).containsOnlyKeys("email",
					"phone", "locale", "timezone", "attributes.Bad-Key", "tags"));
		assertThat(this.contacts.list(this.admin, ContactQuery.firstPage().withSearch(token)).items()).isEmpty();
	}

	@Test
	void requiresAnIdentifier() {
		assertThatThrownBy(
				() -> this.contacts.create(this.admin, ContactDraft.builder().firstName("Nobody").locale("en").build()))
			.isInstanceOf(InvalidInputException.class)
			.satisfies(
					(ex) -> assertThat(((InvalidInputException) ex).getFieldErrors()).containsOnlyKeys("identifier"));
	}

	@Test
	void refusesAnEmailOrPhoneAnotherContactHas() {
		Contact first = this.contacts.create(this.admin, ContactFixtures.person().build());
		assertThatThrownBy(() -> this.contacts.create(this.admin,
				ContactDraft.builder().email(first.getEmail().toUpperCase()).build()))
			.isInstanceOf(DuplicateException.class)
			.satisfies((ex) -> assertThat(((DuplicateException) ex).getFieldErrors()).containsOnlyKeys("email"));
		assertThatThrownBy(() -> this.contacts.create(this.admin,
				ContactDraft.builder().phone(ContactFixtures.national(first.getPhone())).build()))
			.isInstanceOf(DuplicateException.class)
			.satisfies((ex) -> assertThat(((DuplicateException) ex).getFieldErrors()).containsOnlyKeys("phone"));
		Contact second = this.contacts.create(this.admin, ContactFixtures.person().build());
		assertThatThrownBy(() -> this.contacts.update(this.admin, second.getId(),
				ContactPatch.builder().email(first.getEmail()).build()))
			.isInstanceOf(DuplicateException.class);
		assertThat(this.contacts.get(this.admin, second.getId()).getEmail()).isNotEqualTo(first.getEmail());
	}

	@Test
	void updatesOnlyWhatThePatchMentionsAndAuditsFieldNamesNotValues() {
		Contact contact = this.contacts.create(this.admin,
				ContactFixtures.person().attribute("lead_status", "new").attribute("market", "ny").tag("vip").build());
		String email = contact.getEmail();
		String newPhone = ContactFixtures.usPhone();

		Contact updated = this.contacts.update(this.admin, contact.getId(),
				ContactPatch.builder()
					.firstName("Annabel")
					.phone(ContactFixtures.national(newPhone))
					.attribute("lead_status", "won")
					.attribute("market", null)
					.build());

		assertThat(updated.getFirstName()).isEqualTo("Annabel");
		assertThat(updated.getLastName()).isEqualTo("Example");
		assertThat(updated.getEmail()).isEqualTo(email);
		assertThat(updated.getPhone()).isEqualTo(newPhone);
		assertThat(updated.getAttributes()).containsOnly(Map.entry("lead_status", "won"));
		assertThat(updated.getTags()).containsExactly("vip");

		List<Map<String, Object>> events = auditOf(contact);
		assertThat(events).extracting((event) -> event.get("action"))
			.containsExactly("contact.created", "contact.updated");
		String summary = String.valueOf(events.get(1).get("summary"));
		assertThat(summary).contains("firstName", "phone", "attributes.lead_status", "attributes.market")
			.doesNotContain("Annabel", newPhone, "won", email);
		assertThat(String.valueOf(events.get(0).get("summary"))).doesNotContain(email, contact.getPhone(), "Ann");
	}

	@Test
	void clearsFieldsButKeepsAnIdentifier() {
		Contact contact = this.contacts.create(this.admin, ContactFixtures.person().build());
		Contact phoneOnly = this.contacts.update(this.admin, contact.getId(),
				ContactPatch.builder().email(null).firstName("").build());
		assertThat(phoneOnly.getEmail()).isNull();
		assertThat(phoneOnly.getFirstName()).isNull();
		assertThatThrownBy(
				() -> this.contacts.update(this.admin, contact.getId(), ContactPatch.builder().phone(null).build()))
			.isInstanceOf(InvalidInputException.class)
			.satisfies((ex) -> assertThat(((InvalidInputException) ex).getFieldErrors()).containsKey("identifier"));
		assertThat(this.contacts.get(this.admin, contact.getId()).getPhone()).isEqualTo(contact.getPhone());
	}

	@Test
	void upsertsByExternalIdThenEmailThenPhone() {
		String externalId = "crm-" + ContactFixtures.token();
		String email = ContactFixtures.email();
		String phone = ContactFixtures.usPhone();
		UpsertResult created = this.contacts.upsert(this.admin,
				ContactDraft.builder().externalId(externalId).email(email).attribute("score", 1).tag("a").build());
		assertThat(created.outcome()).isEqualTo(UpsertResult.Outcome.CREATED);

		UpsertResult byExternalId = this.contacts.upsert(this.admin,
				ContactDraft.builder()
					.externalId(externalId)
					.firstName("Bo")
					.attribute("tier", "gold")
					.tag("b")
					.build());
		UpsertResult byEmail = this.contacts.upsert(this.admin,
				ContactDraft.builder().email(email.toUpperCase()).phone(ContactFixtures.national(phone)).build());
		UpsertResult byPhone = this.contacts.upsert(this.admin,
				ContactDraft.builder().phone(phone).lastName("Lee").build());
		UpsertResult again = this.contacts.upsert(this.admin,
				ContactDraft.builder().phone(phone).lastName("Lee").build());

		assertThat(List.of(byExternalId, byEmail, byPhone)).extracting(UpsertResult::outcome)
			.containsOnly(UpsertResult.Outcome.UPDATED);
		assertThat(again.outcome()).isEqualTo(UpsertResult.Outcome.UNCHANGED);
		assertThat(List.of(byExternalId, byEmail, byPhone, again)).extracting(UpsertResult::contactId)
			.containsOnly(created.contactId());
		Contact contact = this.contacts.get(this.admin, created.contactId());
		assertThat(contact.getFirstName()).isEqualTo("Bo");
		assertThat(contact.getLastName()).isEqualTo("Lee");
		assertThat(contact.getPhone()).isEqualTo(phone);
		assertThat(contact.getAttributes()).containsEntry("score", 1).containsEntry("tier", "gold");
		assertThat(contact.getTags()).containsExactly("a", "b");
	}

	@Test
	void reportsIdentifiersOfTwoContactsAsAConflictAndMergesNothing() {
		Contact x = this.contacts.create(this.admin, ContactFixtures.person().email(null).build());
		Contact y = this.contacts.create(this.admin, ContactFixtures.person().phone(null).build());

		assertThatThrownBy(() -> this.contacts.upsert(this.admin,
				ContactDraft.builder().phone(x.getPhone()).email(y.getEmail()).firstName("Merged?").build()))
			.isInstanceOf(DuplicateException.class)
			.hasMessageContaining(x.getId().toString())
			.hasMessageContaining(y.getId().toString());
		List<UpsertResult> batch = this.contacts.batchUpsert(this.admin,
				List.of(ContactDraft.builder().phone(x.getPhone()).email(y.getEmail()).build()));
		assertThat(batch.get(0).outcome()).isEqualTo(UpsertResult.Outcome.CONFLICT);
		assertThat(batch.get(0).errors()).containsOnlyKeys("email", "phone");

		assertThat(this.contacts.get(this.admin, x.getId()).getEmail()).isNull();
		assertThat(this.contacts.get(this.admin, y.getId()).getPhone()).isNull();
		assertThat(this.contacts.get(this.admin, y.getId()).getFirstName()).isEqualTo("Ann");
	}

	@Test
	void deletesAContact() {
		Contact contact = this.contacts.create(this.admin, ContactFixtures.person().build());
		this.contacts.delete(this.admin, contact.getId());
		assertThatThrownBy(() -> this.contacts.get(this.admin, contact.getId())).isInstanceOf(NotFoundException.class);
		assertThat(auditOf(contact)).extracting((event) -> event.get("action")).endsWith("contact.deleted");
		// its identifiers are free again
		assertThat(this.contacts.create(this.admin, ContactDraft.builder().email(contact.getEmail()).build()))
			.isNotNull();
	}

	@Test
	void pagesThroughContactsNewestFirstWithoutGapsOrRepeats() {
		String token = ContactFixtures.token();
		List<ContactId> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add(this.contacts.create(this.admin, ContactFixtures.person().lastName(token + i).build()).getId());
		}
		List<ContactId> seen = new ArrayList<>();
		ContactQuery query = ContactQuery.firstPage().withSearch(token).withLimit(2);
		int pages = 0;
		while (true) {
			ContactSlice slice = this.contacts.list(this.admin, query);
			pages++;
			slice.items().forEach((item) -> seen.add(item.id()));
			if (!slice.hasNext()) {
				break;
			}
			query = query.withCursor(slice.nextCursor());
		}
		assertThat(pages).isEqualTo(3);
		assertThat(seen).containsExactlyElementsOf(created.reversed());
	}

	@Test
	void searchesByNamePrefixEmailAndPhoneAsTyped() {
		String token = ContactFixtures.token();
		Contact contact = this.contacts.create(this.admin,
				ContactFixtures.person().firstName("Zelda" + token).lastName("Quist" + token).build());
		this.contacts.create(this.admin, ContactFixtures.person().firstName("Other" + token).build());

		assertThat(search("zelda" + token)).containsExactly(contact.getId());
		assertThat(search("ZELDA" + token + " quist")).containsExactly(contact.getId());
		assertThat(search(contact.getEmail().substring(0, 20))).containsExactly(contact.getId());
		String phone = contact.getPhone();
		assertThat(search(phone.substring(0, 10))).contains(contact.getId());
		assertThat(search(ContactFixtures.national(phone))).containsExactly(contact.getId());
		assertThat(search("%")).doesNotContain(contact.getId());
	}

	@Test
	void filtersByStore() {
		String token = ContactFixtures.token();
		Contact one = this.contacts.create(this.admin,
				ContactFixtures.person().lastName(token).storeId(this.fixture.a().storeOne().getId()).build());
		this.contacts.create(this.admin,
				ContactFixtures.person().lastName(token).storeId(this.fixture.a().storeTwo().getId()).build());
		ContactSlice slice = this.contacts.list(this.admin,
				ContactQuery.firstPage().withSearch(token).withStore(this.fixture.a().storeOne().getId()));
		assertThat(slice.items()).extracting(ContactSummary::id).containsExactly(one.getId());
	}

	@Test
	void refusesABrokenCursor() {
		assertThatThrownBy(() -> this.contacts.list(this.admin, ContactQuery.firstPage().withCursor("garbage!")))
			.isInstanceOf(InvalidInputException.class)
			.satisfies((ex) -> assertThat(((InvalidInputException) ex).getFieldErrors()).containsKey("cursor"));
	}

	@Test
	void usesTheTenantsDefaultRegionForContactsWithoutAStore() {
		// a second tenant so the setting does not leak into other tests
		TwoTenants other = this.tenancy.twoTenants();
		Actor otherAdmin = other.a().admin(this.accounts);
		String mobile = ContactFixtures.esMobile();
		String national = mobile.substring(3);
		assertThatThrownBy(() -> this.contacts.create(otherAdmin, ContactDraft.builder().phone(national).build()))
			.isInstanceOf(InvalidInputException.class);
		this.contacts.updateDefaultPhoneRegion(otherAdmin, "es");
		assertThat(this.contacts.create(otherAdmin, ContactDraft.builder().phone(national).build()).getPhone())
			.isEqualTo(mobile);
	}

	private List<ContactId> search(String text) {
		return this.contacts.list(this.admin, ContactQuery.firstPage().withSearch(text))
			.items()
			.stream()
			.map(ContactSummary::id)
			.toList();
	}

	private List<Map<String, Object>> auditOf(Contact contact) {
		return this.transactions.readInTenant(this.fixture.a().id(), () -> this.jdbc.queryForList("""
				SELECT action, summary::text AS summary FROM audit_events
				WHERE tenant_id = ? AND target_type = 'contact' AND target_id = ? ORDER BY seq
				""", this.fixture.a().id().value(), contact.getId().toString()));
	}

}
