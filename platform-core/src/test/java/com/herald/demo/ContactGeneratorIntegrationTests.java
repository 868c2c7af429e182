package com.herald.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.HeraldIntegrationTest;
import com.herald.audience.AudienceService;
import com.herald.audience.Condition;
import com.herald.audience.Group;
import com.herald.consent.Channel;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The generator against the real database: 2,000 contacts in tenant A, in two runs (a
 * second run into a tenant must not clash with the first), and 300 in tenant B. Checks
 * what a demo user or the bench relies on: counts, plausible shares, valid data, consent
 * with its ledger, suppressions that follow opt-outs, and nothing crossing tenants. Large
 * sizes and timing belong to the bench.
 */
@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactGeneratorIntegrationTests {

	static final int COUNT_A = 2_000;

	static final int COUNT_B = 300;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ContactGenerator generator;

	@Autowired
	AudienceService audiences;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcClient jdbc;

	TwoTenants fixture;

	Actor admin;

	ContactGenerator.GeneratedContacts firstRun;

	List<Long> progress = new ArrayList<>();

	@BeforeAll
	void generate() {
		this.fixture = this.tenancy.twoTenants();
		this.admin = this.fixture.a().admin(this.accounts);
		this.firstRun = this.generator.generate(this.admin, COUNT_A - 500, this.progress::add);
		this.generator.generate(this.admin, 500, (done) -> {
		});
		this.generator.generate(this.fixture.b().admin(this.accounts), COUNT_B, (done) -> {
		});
	}

	@Test
	void writesTheContactsAskedForAndReportsProgress() {
		assertThat(this.firstRun.contacts()).isEqualTo(COUNT_A - 500);
		assertThat(this.progress).containsExactly((long) COUNT_A - 500);
		assertThat(count(this.fixture.a().id(), "SELECT count(*) FROM contacts WHERE tenant_id = ?"))
			.isEqualTo(COUNT_A);
		assertThat(count(this.fixture.b().id(), "SELECT count(*) FROM contacts WHERE tenant_id = ?"))
			.isEqualTo(COUNT_B);
		assertThat(count(this.fixture.a().id(),
				"SELECT count(DISTINCT external_id) FROM contacts WHERE tenant_id = ? AND external_id LIKE 'gen-%'"))
			.isEqualTo(COUNT_A);
	}

	@Test
	void contactsAreValidAndTiedToTheTenantsOwnStores() {
		TenantId a = this.fixture.a().id();
		assertThat(count(a, "SELECT count(*) FROM contacts WHERE tenant_id = ? AND email IS NOT NULL"
				+ " AND email !~ '^[a-z]+\\.[a-z]+\\.[0-9a-f]{8}[0-9]+@example\\.com$'"))
			.isZero();
		assertThat(count(a, "SELECT count(*) FROM contacts WHERE tenant_id = ? AND phone_e164 IS NOT NULL"
				+ " AND phone_e164 !~ '^\\+1[2-9][0-9]{9}$'"))
			.isZero();
		Set<UUID> stores = Set.of(this.fixture.a().storeOne().getId().value(),
				this.fixture.a().storeTwo().getId().value());
		List<UUID> used = this.transactions.readInTenant(a,
				() -> this.jdbc
					.sql("SELECT DISTINCT store_id FROM contacts WHERE tenant_id = ? AND store_id IS NOT NULL")
					.param(a.value())
					.query(UUID.class)
					.list());
		assertThat(used).containsExactlyInAnyOrderElementsOf(stores);
		assertThat(share(a, "store_id IS NULL")).isCloseTo(0.15, within(0.04));
		assertThat(share(a, "first_name IS NOT NULL AND last_name IS NOT NULL AND created_at <= now()"
				+ " AND updated_at >= created_at AND updated_at <= now()"))
			.isEqualTo(1.0);
	}

	@Test
	void attributesAndTagsFollowRealisticShares() {
		TenantId a = this.fixture.a().id();
		assertThat(share(a, "attributes ->> 'lead_source' = 'web'")).isCloseTo(0.32, within(0.04));
		assertThat(share(a, "attributes ->> 'lead_status' = 'customer'")).isCloseTo(0.33, within(0.04));
		assertThat(share(a, "'vip' = ANY (tags)")).isCloseTo(0.05, within(0.02));
		assertThat(share(a, "'newsletter' = ANY (tags)")).isCloseTo(0.40, within(0.04));
		assertThat(share(a, "attributes -> 'birthday' IS NOT NULL")).isCloseTo(0.80, within(0.04));
		assertThat(share(a, "attributes -> 'total_spent' IS NOT NULL")).isCloseTo(0.70, within(0.04));
		// a skewed distribution: the first state in the list is the commonest, the last
		// the rarest
		assertThat(share(a, "attributes ->> 'state' = 'IL'")).isGreaterThan(share(a, "attributes ->> 'state' = 'WA'"))
			.isGreaterThan(0.15);
		// spend is long-tailed: the mean is well above the median
		Map<String, Object> spend = this.transactions.readInTenant(a, () -> this.jdbc.sql("""
				SELECT avg((attributes ->> 'total_spent')::numeric) AS mean,
				       percentile_cont(0.5) WITHIN GROUP (ORDER BY (attributes ->> 'total_spent')::numeric) AS median
				FROM contacts WHERE tenant_id = ? AND attributes -> 'total_spent' IS NOT NULL""")
			.param(a.value())
			.query()
			.singleRow());
		assertThat(((Number) spend.get("mean")).doubleValue())
			.isGreaterThan(((Number) spend.get("median")).doubleValue() * 1.2);
		assertThat(share(a, "(attributes -> 'total_spent' IS NULL) = (attributes -> 'last_purchase_at' IS NULL)"))
			.isEqualTo(1.0);
		assertThat(share(a,
				"jsonb_typeof(attributes -> 'visit_count') = 'number'"
						+ " AND jsonb_typeof(attributes -> 'zip') = 'string' AND attributes ->> 'zip' ~ '^[0-9]{5}$'"))
			.isEqualTo(1.0);
	}

	@Test
	void consentHasItsLedgerRecordAndOnlyWhereThereIsAnAddress() {
		TenantId a = this.fixture.a().id();
		assertThat(count(a, """
				SELECT count(*) FROM consent_status s
				LEFT JOIN consent_records r ON r.tenant_id = s.tenant_id AND r.id = s.record_id
				WHERE s.tenant_id = ? AND (r.id IS NULL OR r.contact_id <> s.contact_id OR r.status <> s.status
				                           OR r.channel <> s.channel)""")).isZero();
		assertThat(count(a, "SELECT count(*) FROM consent_records WHERE tenant_id = ?"))
			.isEqualTo(count(a, "SELECT count(*) FROM consent_status WHERE tenant_id = ?"));
		assertThat(
				count(a, """
						SELECT count(*) FROM consent_status s JOIN contacts c ON c.tenant_id = s.tenant_id AND c.id = s.contact_id
						WHERE s.tenant_id = ? AND ((s.channel = 'email' AND c.email IS NULL)
						                           OR (s.channel <> 'email' AND c.phone_e164 IS NULL))"""))
			.isZero();
		double smsOptIn = (double) count(a,
				"SELECT count(*) FROM consent_status WHERE tenant_id = ? AND channel = 'sms' AND status = 'opted_in'")
				/ count(a, "SELECT count(*) FROM contacts WHERE tenant_id = ? AND phone_e164 IS NOT NULL");
		assertThat(smsOptIn).isCloseTo(0.62, within(0.04));
		// every STOP suppression belongs to a phone that opted out of sms by keyword
		assertThat(count(a, """
				SELECT count(*) FROM suppressions sup WHERE sup.tenant_id = ? AND sup.reason = 'stop'
				  AND NOT EXISTS (SELECT 1 FROM contacts c JOIN consent_status s ON s.tenant_id = c.tenant_id
				                  AND s.contact_id = c.id AND s.channel = 'sms' AND s.status = 'opted_out'
				                  AND s.source = 'keyword'
				                  WHERE c.tenant_id = sup.tenant_id AND c.phone_e164 = sup.address)""")).isZero();
		assertThat(count(a, "SELECT count(*) FROM suppressions WHERE tenant_id = ? AND reason = 'stop'")).isPositive();
		assertThat(count(a, "SELECT count(*) FROM suppressions WHERE tenant_id = ? AND reason = 'bounced'"))
			.isPositive();
		assertThat(count(a, "SELECT count(*) FROM contact_category_preferences WHERE tenant_id = ?")).isPositive();
		assertThat(count(a, "SELECT count(*) FROM contact_preferences WHERE tenant_id = ?")).isPositive();
	}

	@Test
	void audiencesCountGeneratedContactsLikeAnyOthers() {
		TenantId a = this.fixture.a().id();
		long webAndVipOptedIn = count(a, """
				SELECT count(*) FROM contacts c WHERE c.tenant_id = ? AND c.attributes ->> 'lead_source' = 'web'
				  AND 'vip' = ANY (c.tags) AND EXISTS (SELECT 1 FROM consent_status s WHERE s.tenant_id = c.tenant_id
				      AND s.contact_id = c.id AND s.channel = 'sms' AND s.status = 'opted_in')""");
		assertThat(this.audiences.count(this.admin,
				Group.and(Condition.attribute("lead_source", "text", "equals", "web"),
						Condition.of("tags", "any", "vip"), Condition.of("consent.sms", "equals", "opted_in"))))
			.isEqualTo(webAndVipOptedIn)
			.isPositive();
		assertThat(this.audiences.counts(this.admin, Condition.of("created_at", "exists")).reachable(Channel.SMS))
			.isPositive()
			.isLessThan(COUNT_A);
	}

	@Test
	void tenantsStaySeparate() {
		TenantId b = this.fixture.b().id();
		assertThat(this.transactions.readInTenant(b,
				() -> this.jdbc.sql("SELECT count(*) FROM contacts").query(Long.class).single()))
			.as("what tenant B sees under row-level security")
			.isEqualTo(COUNT_B);
		assertThat(count(b,
				"SELECT count(*) FROM contacts WHERE tenant_id = ? AND store_id IS NOT NULL"
						+ " AND store_id NOT IN (SELECT id FROM stores WHERE tenant_id = contacts.tenant_id)"))
			.isZero();
		assertThat(this.audiences.count(this.fixture.b().admin(this.accounts), Condition.of("created_at", "exists")))
			.isEqualTo(COUNT_B);
	}

	@Test
	void onlyTenantAdminsGenerateAndCountsAreBounded() {
		assertThatThrownBy(() -> this.generator.generate(this.fixture.a().manager(this.accounts), 10, (done) -> {
		})).isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.generator.generate(this.fixture.a().compliance(this.accounts), 10, (done) -> {
		})).isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.generator.generate(this.admin, 0, (done) -> {
		})).isInstanceOf(InvalidInputException.class);
		assertThatThrownBy(() -> this.generator.generate(this.admin, ContactGenerator.MAX_COUNT + 1, (done) -> {
		})).isInstanceOf(InvalidInputException.class);
	}

	@Test
	void recordsOneAuditEventPerRun() {
		TenantId a = this.fixture.a().id();
		assertThat(count(a, "SELECT count(*) FROM audit_events WHERE tenant_id = ? AND action = 'contacts.generated'"))
			.isEqualTo(2);
	}

	@Test
	void writesExactlyTheFactsTheContactsTriggerWould() {
		// the same contacts (ids, tags, attributes) inserted into another tenant by a
		// plain
		// INSERT, so the contacts trigger writes their facts
		TenantId a = this.fixture.a().id();
		TenantId copy = this.tenancy.twoTenants().a().id();
		long copied = this.transactions.asPlatform(() -> this.jdbc.sql("""
				INSERT INTO contacts (tenant_id, id, tags, attributes)
				SELECT ?, id, tags, attributes FROM contacts WHERE tenant_id = ?""")
			.param(copy.value())
			.param(a.value())
			.update());
		assertThat(copied).isEqualTo(COUNT_A);
		List<String> generated = facts(a);
		assertThat(generated).hasSizeGreaterThan(10 * COUNT_A);
		assertThat(generated).containsExactlyElementsOf(facts(copy));
	}

	@Test
	void contactsWrittenAfterItInTheSameTransactionGetTheirFactsFromTheTrigger() {
		TwoTenants other = this.tenancy.twoTenants();
		TenantId tenant = other.a().id();
		Actor otherAdmin = other.a().admin(this.accounts);
		UUID later = UUID.randomUUID();
		String setting = this.transactions.inTenant(tenant, () -> {
			this.generator.generate(otherAdmin, 50, (done) -> {
			});
			this.jdbc.sql("INSERT INTO contacts (tenant_id, id, tags, attributes) VALUES (?, ?, '{after}', ?::jsonb)")
				.param(tenant.value())
				.param(later)
				.param("{\"lead_source\": \"Web\"}")
				.update();
			return this.jdbc.sql("SELECT coalesce(current_setting('herald.bulk_facts', true), '')")
				.query(String.class)
				.single();
		});
		assertThat(setting).isNotEqualTo("on");
		assertThat(facts(tenant)).contains("t:after " + later, "a:lead_source=web " + later)
			.hasSizeGreaterThan(10 * 50);
	}

	/** The tenant's facts as "fact contact-id", in key order. */
	private List<String> facts(TenantId tenant) {
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc
					.sql("SELECT fact || ' ' || contact_id FROM contact_facts WHERE tenant_id = ?"
							+ " ORDER BY fact, contact_id")
					.param(tenant.value())
					.query(String.class)
					.list());
	}

	private long count(TenantId tenant, String sql) {
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql(sql).param(tenant.value()).query(Long.class).single());
	}

	private double share(TenantId tenant, String condition) {
		return this.transactions.readInTenant(tenant, () -> this.jdbc
			.sql("SELECT avg(CASE WHEN " + condition + " THEN 1.0 ELSE 0.0 END) FROM contacts WHERE tenant_id = ?")
			.param(tenant.value())
			.query(Double.class)
			.single());
	}

}
