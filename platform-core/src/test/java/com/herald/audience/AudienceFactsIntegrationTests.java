package com.herald.audience;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.HeraldIntegrationTest;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.consent.PreferenceService;
import com.herald.consent.SuppressionReason;
import com.herald.consent.SuppressionService;
import com.herald.contact.Contact;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactPatch;
import com.herald.contact.ContactService;
import com.herald.demo.ContactGenerator;
import com.herald.imports.AttributeType;
import com.herald.imports.ColumnMapping;
import com.herald.imports.ContactImport;
import com.herald.imports.ContactImportService;
import com.herald.imports.DuplicatePolicy;
import com.herald.imports.ImportField;
import com.herald.imports.ImportPlan;
import com.herald.imports.ImportRunner;
import com.herald.imports.ImportStatus;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The facts (contact_facts) and the reachable flags on contacts are derived data kept by
 * triggers; every way Herald writes contacts, consent, suppressions and preferences must
 * keep them exact. Tenant A gets generated contacts, then hand-made ones with odd tags
 * and attribute values, then every write path (create, update, patch of tags and
 * attributes, bulk tagging, merge, erase, delete, a CSV import that updates and creates,
 * consent, suppressions added and lifted, promotional opt-outs); tenant B gets generated
 * contacts too. Then: the facts equal what the contacts say, the flags equal the
 * reachability rules computed from scratch, and for random criteria trees the count
 * through the facts equals the count of the same tree compiled over contacts alone.
 */
@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AudienceFactsIntegrationTests {

	static final int TREES = 300;

	static final List<String> TAGS = List.of("vip", "newsletter", "loyalty", "lapsed", "sms_club", "gold",
			"\u00e9t\u00e9", "zz");

	static final List<String> LEAD_SOURCES = List.of("web", "WEB", "Web ", "walk_in", "referral", "facebook",
			"Caf\u00e9", "CAF\u00c9", "40", "true", "x".repeat(240), "X".repeat(240), "nobody");

	/** The reachability rules written out in full, per contact: the flags' reference. */
	static final String REACH_REFERENCE = """
			SELECT count(*) FROM contacts c WHERE c.tenant_id = :tenant AND (c.reachable_%1$s IS DISTINCT FROM (
			    %2$s IS NOT NULL
			    AND EXISTS (SELECT 1 FROM consent_status cs WHERE cs.tenant_id = c.tenant_id AND cs.contact_id = c.id
			                AND cs.channel = '%1$s' AND cs.status = 'opted_in')
			    AND %2$s NOT IN (SELECT s.address FROM suppressions s WHERE s.tenant_id = c.tenant_id
			                     AND s.channel = '%1$s')
			    AND c.id NOT IN (SELECT p.contact_id FROM contact_category_preferences p WHERE p.tenant_id = c.tenant_id
			                     AND p.channel = '%1$s' AND p.category = 'promotional' AND NOT p.opted_in)))""";

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	AudienceService audiences;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	PreferenceService preferences;

	@Autowired
	SuppressionService suppressions;

	@Autowired
	ContactGenerator generator;

	@Autowired
	ContactImportService imports;

	@Autowired
	ImportRunner runner;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcClient jdbc;

	TwoTenants two;

	Actor admin;

	Actor adminB;

	@BeforeAll
	void writeEveryWay() {
		this.two = this.tenancy.twoTenants();
		this.admin = this.two.a().admin(this.accounts);
		this.adminB = this.two.b().admin(this.accounts);
		this.generator.generate(this.admin, 400, (done) -> {
		});
		this.generator.generate(this.adminB, 200, (done) -> {
		});

		Random random = new Random(20261204);
		List<Contact> made = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			ContactDraft.Builder draft = ContactDraft.builder()
				.email(ContactFixtures.email())
				.tags(randomTags(random))
				.attribute("lead_source", pick(random, LEAD_SOURCES))
				.attribute("visits", random.nextInt(5))
				.attribute("member", random.nextBoolean());
			if (i % 2 == 0) {
				draft.phone(ContactFixtures.usPhone());
			}
			if (i % 5 == 0) {
				draft.attribute("odd_key", "Market=Web");
			}
			made.add(this.contacts.create(this.admin, draft.build()));
		}
		for (int i = 0; i < made.size(); i++) {
			Contact contact = made.get(i);
			switch (i % 8) {
				// a patch of tags and attributes, including removing one
				case 0 -> this.contacts.update(this.admin, contact.getId(),
						ContactPatch.builder()
							.tags(randomTags(random))
							.attribute("lead_source", pick(random, LEAD_SOURCES))
							.attribute("visits", null)
							.build());
				// bulk tagging: the web page adds one tag to each chosen contact
				case 1 -> {
					Set<String> tags = new LinkedHashSet<>(contact.getTags());
					tags.add("vip");
					this.contacts.update(this.admin, contact.getId(), ContactPatch.builder().tags(tags).build());
				}
				case 2 -> this.contacts.update(this.admin, contact.getId(),
						ContactPatch.builder().email(ContactFixtures.email()).phone(ContactFixtures.usPhone()).build());
				case 3 -> this.contacts.erase(this.admin, contact.getId());
				case 4 -> this.contacts.delete(this.admin, contact.getId());
				default -> {
				}
			}
		}
		for (int i = 0; i < made.size(); i++) {
			if (i % 8 == 3 || i % 8 == 4) {
				continue;
			}
			Contact contact = this.contacts.get(this.admin, made.get(i).getId());
			for (Channel channel : List.of(Channel.SMS, Channel.WHATSAPP, Channel.EMAIL)) {
				if (random.nextInt(3) > 0) {
					this.consent.record(this.admin, contact.getId(), channel,
							random.nextInt(4) > 0 ? ConsentStatus.OPTED_IN : ConsentStatus.OPTED_OUT,
							ConsentSource.FORM, "Yes, send me offers", null, null);
				}
			}
			if (i % 6 == 5) {
				this.preferences.setCategory(this.admin, contact.getId(), Channel.SMS, "promotional", false);
				this.preferences.setCategory(this.admin, contact.getId(), Channel.EMAIL, "promotional", false);
			}
			if (i % 9 == 0 && contact.getEmail() != null) {
				this.suppressions.add(this.admin, Channel.EMAIL, contact.getEmail(), SuppressionReason.BOUNCED, null);
			}
			if (i % 7 == 0 && contact.getPhone() != null) {
				this.suppressions.add(this.admin, Channel.SMS, contact.getPhone(), SuppressionReason.STOP, null);
			}
		}
		// a promotional opt-out withdrawn, a suppression lifted: the flags come back
		Contact back = this.contacts.get(this.admin, made.get(5).getId());
		this.preferences.setCategory(this.admin, back.getId(), Channel.SMS, "promotional", true);
		Contact lifted = this.contacts.get(this.admin, made.get(0).getId());
		this.suppressions.remove(this.admin, Channel.EMAIL, lifted.getEmail());
		// merge: the removed contact's consent and tags move to the kept one
		Contact keep = this.contacts.get(this.admin, made.get(6).getId());
		Contact remove = this.contacts.get(this.admin, made.get(7).getId());
		this.contacts.merge(this.admin, keep.getId(), remove.getId());
		importSome(made);
	}

	/**
	 * An import that updates two existing contacts (tags, attributes) and creates two.
	 */
	private void importSome(List<Contact> made) {
		Contact first = this.contacts.get(this.admin, made.get(14).getId());
		Contact second = this.contacts.get(this.admin, made.get(15).getId());
		String csv = "email,source,tags\n" + first.getEmail() + ",Instagram,\"vip,gold\"\n" + second.getEmail()
				+ ",web,lapsed\n" + ContactFixtures.email() + ",WEB,vip\n" + ContactFixtures.email() + ",event,\n";
		ContactImport uploaded = this.imports.upload(this.admin, null, "facts.csv",
				new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
		this.imports.start(this.admin, uploaded.id(),
				new ImportPlan(
						List.of(ColumnMapping.field(0, ImportField.EMAIL),
								ColumnMapping.attribute(1, "lead_source", AttributeType.TEXT),
								ColumnMapping.field(2, ImportField.TAGS)),
						DuplicatePolicy.UPDATE, "Yes, email me offers", EnumSet.of(Channel.EMAIL)));
		ImportRunner.Claim claim;
		while ((claim = this.runner.claim("facts-test").orElse(null)) != null) {
			this.runner.run(claim);
		}
		ContactImport done = this.imports.get(this.admin, uploaded.id());
		assertThat(done.status()).isEqualTo(ImportStatus.COMPLETED);
		assertThat(done.createdCount() + done.updatedCount()).isEqualTo(4);
	}

	@Test
	void factsAreExactlyWhatTheContactsSay() {
		for (TenantId tenant : List.of(this.two.a().id(), this.two.b().id())) {
			Map<String, Long> drift = this.transactions.readInTenant(tenant, () -> {
				Map<String, Long> counts = new LinkedHashMap<>();
				counts.put("stale or foreign facts",
						this.jdbc
							.sql("""
									SELECT count(*) FROM (SELECT f.fact, f.contact_id FROM contact_facts f WHERE f.tenant_id = :tenant
									    EXCEPT SELECT x.fact, c.id FROM contacts c, contact_facts_of(c.tags, c.attributes) AS x (fact)
									    WHERE c.tenant_id = :tenant) AS stale""")
							.param("tenant", tenant.value())
							.query(Long.class)
							.single());
				counts.put("missing facts", this.jdbc
					.sql("""
							SELECT count(*) FROM (SELECT x.fact, c.id FROM contacts c,
							    contact_facts_of(c.tags, c.attributes) AS x (fact) WHERE c.tenant_id = :tenant
							    EXCEPT SELECT f.fact, f.contact_id FROM contact_facts f WHERE f.tenant_id = :tenant) AS missing""")
					.param("tenant", tenant.value())
					.query(Long.class)
					.single());
				counts.put("facts",
						this.jdbc.sql("SELECT count(*) FROM contact_facts WHERE tenant_id = ?")
							.param(tenant.value())
							.query(Long.class)
							.single());
				return counts;
			});
			assertThat(drift).as("tenant %s", tenant)
				.containsEntry("stale or foreign facts", 0L)
				.containsEntry("missing facts", 0L);
			assertThat(drift.get("facts")).as("the generated contacts have facts").isGreaterThan(1000L);
		}
	}

	@Test
	void reachableFlagsFollowConsentSuppressionsAndPreferences() {
		for (TenantId tenant : List.of(this.two.a().id(), this.two.b().id())) {
			for (Channel channel : List.of(Channel.SMS, Channel.WHATSAPP, Channel.EMAIL)) {
				long wrong = this.transactions.readInTenant(tenant, () -> this.jdbc
					.sql(REACH_REFERENCE.formatted(channel.key(), channel.usesPhone() ? "c.phone_e164" : "c.email"))
					.param("tenant", tenant.value())
					.query(Long.class)
					.single());
				assertThat(wrong).as("contacts whose %s flag is wrong in %s", channel, tenant).isZero();
			}
		}
		AudienceCounts everyone = this.audiences.counts(this.admin, Condition.of("created_at", "exists"));
		assertThat(everyone.reachable(Channel.SMS)).isPositive();
		assertThat(everyone.reachable(Channel.EMAIL)).isPositive();
	}

	@Test
	void randomTreesCountTheSameThroughTheFactsAsOverContactsAlone() {
		Random random = new Random(4242);
		TenantId tenant = this.two.a().id();
		long nonZero = 0;
		for (int i = 0; i < TREES; i++) {
			Criterion tree = tree(random, 0);
			long throughFacts = this.audiences.count(this.admin, tree);
			assertThat(throughFacts).as("%s", tree).isEqualTo(countOverContactsAlone(tree));
			if (throughFacts > 0) {
				nonZero++;
			}
		}
		assertThat(nonZero).as("trees that match someone, or the test proves little").isGreaterThan(TREES / 3);
		// tenant B's contacts never show up in A's counts, nor A's in B's
		long typicalA = this.audiences.count(this.admin, Condition.of("tags", "any", "vip"));
		long typicalB = this.audiences.count(this.adminB, Condition.of("tags", "any", "vip"));
		long vipFactsA = this.transactions.readInTenant(tenant, () -> this.jdbc.sql("""
				SELECT count(*) FROM contact_facts f JOIN contacts c ON c.tenant_id = f.tenant_id
				    AND c.id = f.contact_id WHERE f.tenant_id = ? AND f.fact = 't:vip' AND c.erased_at IS NULL""")
			.param(tenant.value())
			.query(Long.class)
			.single());
		assertThat(typicalA).isEqualTo(vipFactsA);
		assertThat(typicalB).isPositive().isLessThan(200);
	}

	@Test
	void factConditionsUnderOneOrAreOneLookupAndCountAsOverContactsAlone() {
		Criterion anyFact = Group.or(Condition.of("tags", "any", "vip", "zz"),
				Condition.attribute("lead_source", "text", "in", "WEB", "caf\u00e9"),
				Condition.attribute("market", "text", "equals", "west"));
		CompiledAudience compiled = this.audiences.compile(this.admin, anyFact);
		assertThat(compiled.where().split("FROM contact_facts", -1)).as(compiled.where()).hasSize(2);
		assertThat(compiled.params()).contains(this.two.a().id().value());
		List<Criterion> trees = List.of(anyFact, Group.not(anyFact),
				Group.or(Condition.of("tags", "any", "newsletter"), Condition.of("consent.sms", "equals", "opted_in"),
						Condition.attribute("lead_source", "text", "equals", "referral"),
						Condition.of("tags", "none", "lapsed")),
				Group.and(Group.or(Condition.of("tags", "any", "vip"), Condition.of("tags", "any", "loyalty")),
						Group.not(Group.or(Condition.attribute("lead_source", "text", "equals", "web"),
								Condition.attribute("lead_source", "text", "not_equals", "walk_in")))),
				Group.or(Condition.of("tags", "all", "vip", "gold"), Condition.of("tags", "any", "sms_club")));
		for (Criterion tree : trees) {
			assertThat(this.audiences.count(this.admin, tree)).as("%s", tree)
				.isEqualTo(countOverContactsAlone(tree))
				.isPositive();
		}
	}

	/** The reference: the tree compiled over contacts alone, without facts. */
	private long countOverContactsAlone(Criterion tree) {
		TenantId tenant = this.two.a().id();
		CompiledAudience reference = AudienceCompiler.plain().compile(tenant, null, tree);
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql("SELECT count(*) FROM contacts c WHERE " + reference.where())
					.params(reference.params())
					.query(Long.class)
					.single());
	}

	private Criterion tree(Random random, int depth) {
		if (depth < 3 && random.nextInt(3) == 0) {
			Group.Logic logic = Group.Logic.values()[random.nextInt(3)];
			int size = (logic == Group.Logic.NOT) ? 1 : 1 + random.nextInt(3);
			List<Criterion> children = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				children.add(tree(random, depth + 1));
			}
			return new Group(logic, children);
		}
		return switch (random.nextInt(5)) {
			case 0, 1 ->
				new Condition("tags", pick(random, List.of("any", "all", "none")), null, randomValues(random, TAGS));
			case 2 -> {
				String operator = pick(random, List.of("equals", "not_equals", "in"));
				yield new Condition("attributes." + pick(random, List.of("lead_source", "visits", "member", "odd_key")),
						operator, "text",
						operator.equals("in") ? randomValues(random, LEAD_SOURCES) : List.of(pick(random, List.of("web",
								"Web", "3", "TRUE", "false", "caf\u00e9", "x".repeat(240), "nobody", "market=web"))));
			}
			case 3 -> Condition.of("consent." + pick(random, List.of("sms", "email")), "equals",
					pick(random, List.of("opted_in", "opted_out", "unknown")));
			default ->
				Condition.attribute("market", "text", "equals", pick(random, List.of("west", "midwest", "WEST")));
		};
	}

	private static List<String> randomValues(Random random, List<String> pool) {
		List<String> values = new ArrayList<>();
		int count = 1 + random.nextInt(3);
		for (int i = 0; i < count; i++) {
			values.add(pick(random, pool));
		}
		return values;
	}

	private static Set<String> randomTags(Random random) {
		Set<String> tags = new LinkedHashSet<>();
		for (String tag : TAGS) {
			if (random.nextInt(3) == 0) {
				tags.add(tag);
			}
		}
		return tags;
	}

	private static <T> T pick(Random random, List<T> items) {
		return items.get(random.nextInt(items.size()));
	}

}
