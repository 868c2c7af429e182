package com.herald.contact;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.HeraldIntegrationTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactBatchUpsertIntegrationTests {

	private static final Logger LOGGER = LoggerFactory.getLogger(ContactBatchUpsertIntegrationTests.class);

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
	void keepsTheGoodRowsOfAThousandAndReportsEachBadOne() {
		String token = ContactFixtures.token();
		Contact existing = this.contacts.create(this.admin,
				ContactFixtures.person().externalId(token + "-existing").lastName(token).build());
		Contact other = this.contacts.create(this.admin, ContactFixtures.person().lastName(token).build());

		List<ContactDraft> drafts = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			drafts.add(ContactDraft.builder()
				.externalId(token + "-" + i)
				.firstName("Row" + i)
				.lastName(token)
				.email((i % 2 == 0) ? ContactFixtures.email() : null)
				.phone((i % 3 == 0) ? ContactFixtures.national(ContactFixtures.usPhone()) : null)
				.storeId((i % 5 == 0) ? this.fixture.a().storeOne().getId() : null)
				.attribute("row", i)
				.tag("batch")
				.build());
		}
		drafts.set(10, ContactDraft.builder().externalId(token + "-10").phone("12345").build());
		drafts.set(11, ContactDraft.builder().externalId(token + "-11").phone("call me").build());
		drafts.set(12, ContactDraft.builder().email("nobody@").build());
		drafts.set(13, ContactDraft.builder().externalId(token + "-13").email("two@@example.com").build());
		drafts.set(14, ContactDraft.builder().firstName("No identifier").build());
		drafts.set(15, ContactDraft.builder().phone("   ").email("").externalId(" ").build());
		drafts.set(16, ContactDraft.builder().externalId(token + "-16").attribute("Not A Key", 1).build());
		// an update of an existing contact, and a conflict between two existing ones
		drafts.set(17, ContactDraft.builder().externalId(token + "-existing").attribute("tier", "gold").build());
		drafts.set(18, ContactDraft.builder().email(existing.getEmail()).phone(other.getPhone()).build());

		long started = System.nanoTime();
		List<UpsertResult> results = this.contacts.batchUpsert(this.admin, drafts);
		long millis = (System.nanoTime() - started) / 1_000_000;

		assertThat(results).hasSize(1000);
		for (int i = 0; i < results.size(); i++) {
			assertThat(results.get(i).index()).isEqualTo(i);
		}
		assertThat(results.get(10).errors()).containsOnlyKeys("phone");
		assertThat(results.get(11).errors()).containsOnlyKeys("phone");
		assertThat(results.get(12).errors()).containsOnlyKeys("email");
		assertThat(results.get(13).errors()).containsOnlyKeys("email");
		assertThat(results.get(14).errors()).containsOnlyKeys("identifier");
		assertThat(results.get(15).errors()).containsOnlyKeys("identifier");
		assertThat(results.get(16).errors()).containsOnlyKeys("attributes.Not A Key");
		assertThat(results.subList(10, 17)).extracting(UpsertResult::outcome)
			.containsOnly(UpsertResult.Outcome.REJECTED);
		assertThat(results.get(12).reason()).contains("valid email");
		assertThat(results.get(17).outcome()).isEqualTo(UpsertResult.Outcome.UPDATED);
		assertThat(results.get(17).contactId()).isEqualTo(existing.getId());
		assertThat(results.get(18).outcome()).isEqualTo(UpsertResult.Outcome.CONFLICT);
		List<UpsertResult> good = new ArrayList<>(results);
		good.subList(10, 19).clear();
		assertThat(good).hasSize(991).extracting(UpsertResult::outcome).containsOnly(UpsertResult.Outcome.CREATED);

		// 991 new rows plus the two that were there
		assertThat(countWithLastName(token)).isEqualTo(993);
		assertThat(this.contacts.get(this.admin, existing.getId()).getAttributes()).containsEntry("tier", "gold");
		Contact row999 = this.contacts.get(this.admin, results.get(999).contactId());
		assertThat(row999.getExternalId()).isEqualTo(token + "-999");
		assertThat(row999.getPhone()).startsWith("+1212");
		assertThat(row999.getAttributes()).containsEntry("row", 999);
		assertThat(auditCount("contact.created")).isGreaterThanOrEqualTo(991 + 2);
		LOGGER.info("A batch of 1000 upserted in {} ms", millis);
	}

	@Test
	void letsALaterItemSeeWhatAnEarlierOneDid() {
		String email = ContactFixtures.email();
		List<UpsertResult> results = this.contacts.batchUpsert(this.admin,
				List.of(ContactDraft.builder().email(email).firstName("First").build(),
						ContactDraft.builder().email(email.toUpperCase()).lastName("Second").build()));
		assertThat(results).extracting(UpsertResult::outcome)
			.containsExactly(UpsertResult.Outcome.CREATED, UpsertResult.Outcome.UPDATED);
		Contact contact = this.contacts.get(this.admin, results.get(0).contactId());
		assertThat(contact.getFirstName()).isEqualTo("First");
		assertThat(contact.getLastName()).isEqualTo("Second");
	}

	@Test
	void letsALaterItemTakeAnIdentifierAnEarlierOneFreed() {
		String token = ContactFixtures.token();
		String oldEmail = ContactFixtures.email();
		Contact moving = this.contacts.create(this.admin,
				ContactDraft.builder().externalId(token).email(oldEmail).build());
		String newEmail = ContactFixtures.email();
		List<UpsertResult> results = this.contacts.batchUpsert(this.admin,
				List.of(ContactDraft.builder().externalId(token).email(newEmail).build(),
						ContactDraft.builder().email(oldEmail).firstName("Newcomer").build()));
		assertThat(results).extracting(UpsertResult::outcome)
			.containsExactly(UpsertResult.Outcome.UPDATED, UpsertResult.Outcome.CREATED);
		assertThat(this.contacts.get(this.admin, moving.getId()).getEmail()).isEqualTo(newEmail);
		assertThat(this.contacts.get(this.admin, results.get(1).contactId()).getEmail()).isEqualTo(oldEmail);
	}

	@Test
	void takesAtMostAThousand() {
		List<ContactDraft> tooMany = Collections.nCopies(1001, ContactFixtures.person().build());
		assertThatThrownBy(() -> this.contacts.batchUpsert(this.admin, tooMany))
			.isInstanceOf(InvalidInputException.class)
			.satisfies((ex) -> assertThat(((InvalidInputException) ex).getFieldErrors()).containsKey("items"));
		assertThatThrownBy(() -> this.contacts.batchUpsert(this.admin, List.of()))
			.isInstanceOf(InvalidInputException.class);
	}

	private int countWithLastName(String lastName) {
		int count = 0;
		ContactQuery query = ContactQuery.firstPage().withSearch(lastName).withLimit(ContactQuery.MAX_LIMIT);
		while (true) {
			ContactSlice slice = this.contacts.list(this.admin, query);
			count += slice.items().size();
			if (!slice.hasNext()) {
				return count;
			}
			query = query.withCursor(slice.nextCursor());
		}
	}

	private long auditCount(String action) {
		return this.transactions.readInTenant(this.fixture.a().id(),
				() -> this.jdbc.queryForObject("SELECT count(*) FROM audit_events WHERE tenant_id = ? AND action = ?",
						Long.class, this.fixture.a().id().value(), action));
	}

}
