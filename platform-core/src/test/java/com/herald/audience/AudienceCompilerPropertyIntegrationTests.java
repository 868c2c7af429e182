package com.herald.audience;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.HeraldIntegrationTest;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.contact.Contact;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Fixed-seed random trees, with random and hostile fields, operators, types, keys and
 * values, over a tenant whose contacts hold odd data. Every tree either is refused with
 * an {@link InvalidInputException} or runs; and trees that must match the same contacts
 * do: NOT(NOT x) and x; x and NOT x partition the tenant; De Morgan; inclusion-exclusion.
 */
@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AudienceCompilerPropertyIntegrationTests {

	static final int TREES = 250;

	static final String PUNCTUATION = "'\";\\%_?:$-()[]{}";

	static final List<String> FIELDS = List.of("first_name", "last_name", "email", "phone", "locale", "timezone",
			"store", "created_at", "updated_at", "tags", "attributes.spend", "attributes.city", "attributes.vip",
			"attributes.signup", "attributes.nested_odd", "consent.sms", "consent.email", "consent.push",
			"engagement.last_sent", "attributes.", "attributes.Spend", "attributes.a'b", "consent.", "unknown",
			"first_name; drop table contacts", "", "attributes.\u00e9t\u00e9", "tags[0]");

	static final List<String> OPERATORS = List.of("equals", "not_equals", "in", "contains", "starts_with", "gt", "gte",
			"lt", "lte", "between", "exists", "within_last_days", "before", "after", "any", "all", "none", "EQUALS",
			" gt ", "like", "", "'; --");

	static final List<String> TYPES = List.of("text", "number", "date", "boolean", "TEXT", "money", "");

	static final List<String> VALUES = List.of("ann", "ANN", "Paris", "0", "40", "75", "120.5", "-1", "1e3",
			"99999999999999999999999999999999", "2024-05-01", "2026-02-30", "2026-11-22T10:15:30Z", "true", "false",
			"opted_in", "opted_out", "unknown", "gold", "newsletter", "7", "36500", "36501", "'", "''", "\"",
			"'; drop table contacts; --", "\\", "%", "_", "?", "$1", ":tenant", "?::text", "1 OR 1=1",
			"\u00f1and\u00fa \ud83d\ude00", "\u202e", "a,b", " ", "", "x".repeat(501), "nul\u0000", "NaN", "Infinity",
			"00000000-0000-0000-0000-000000000000", "\ud800");

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	AudienceService audiences;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	UserAccountService accounts;

	Actor admin;

	long total;

	@BeforeAll
	void createOddContacts() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		this.admin = tenant.admin(this.accounts);
		List<Map<String, Object>> attributes = List.of(Map.of("spend", 120.5, "city", "Paris", "vip", true),
				Map.of("spend", "40", "city", "'; drop table contacts; --", "vip", "yes", "signup", "2024-05-01"),
				Map.of("spend", "not a number", "signup", "2026-02-30", "nested_odd", "\\%_"), Map.of("spend", "1e3",
						"city", "\u00f1and\u00fa \ud83d\ude00", "vip", false, "signup", "2024-05-01T10:00:00Z"),
				Map.of("spend", -1, "signup", "yesterday", "nested_odd", 5), Map.of());
		List<Set<String>> tags = List.of(Set.of("gold", "newsletter"), Set.of("newsletter"), Set.of(),
				Set.of("gold", "\u00e9t\u00e9"), Set.of("'"), Set.of());
		for (int i = 0; i < attributes.size(); i++) {
			ContactDraft.Builder draft = ContactDraft.builder()
				.externalId("odd-" + i)
				.firstName((i % 2 == 0) ? "Ann" : "O'Neil")
				.attributes(attributes.get(i))
				.tags(tags.get(i));
			if (i % 3 != 2) {
				draft.email(ContactFixtures.email());
			}
			if (i % 2 == 0) {
				draft.phone(ContactFixtures.usPhone());
			}
			if (i == 1) {
				draft.storeId(tenant.storeOne().getId());
			}
			Contact contact = this.contacts.create(this.admin, draft.build());
			if (i % 3 == 0) {
				this.consent.record(this.admin, contact.getId(), Channel.SMS,
						(i == 0) ? ConsentStatus.OPTED_IN : ConsentStatus.OPTED_OUT, ConsentSource.FORM, "Yes", null,
						null);
			}
		}
		this.total = attributes.size();
	}

	@Test
	void everyTreeIsRefusedOrRunsAndEquivalentTreesAgree() {
		Random random = new Random(20261122);
		int ran = 0;
		int refused = 0;
		for (int i = 0; i < TREES; i++) {
			Criterion x = tree(random, 0);
			Criterion y = tree(random, 0);
			Long countX = countOrRefused(x);
			if (countX == null) {
				refused++;
				continue;
			}
			ran++;
			assertThat(count(Group.not(Group.not(x)))).as("NOT NOT %s", x).isEqualTo(countX);
			assertThat(countX + count(Group.not(x))).as("x and NOT x partition the tenant: %s", x)
				.isEqualTo(this.total);
			assertThat(count(Group.and(x, x))).as("x AND x: %s", x).isEqualTo(countX);
			Long countY = countOrRefused(y);
			if (countY != null) {
				long and = count(Group.and(x, y));
				long or = count(Group.or(x, y));
				assertThat(or + and).as("inclusion-exclusion for %s and %s", x, y).isEqualTo(countX + countY);
				assertThat(count(Group.not(Group.and(x, y)))).as("De Morgan for %s and %s", x, y)
					.isEqualTo(count(Group.or(Group.not(x), Group.not(y))));
				assertThat(count(Group.or(y, x))).isEqualTo(or);
			}
		}
		// the generator must exercise both outcomes, or the test proves little
		assertThat(ran).isGreaterThan(TREES / 5);
		assertThat(refused).isGreaterThan(TREES / 5);
		assertThat(count(Condition.of("created_at", "exists"))).isEqualTo(this.total);
	}

	@Test
	void hostileAttributeKeysAndValuesAreBoundNeverSpliced() {
		for (String key : List.of("a'b", "a; drop table contacts", "a--", "A", "1a", "a".repeat(64), "\u00e9",
				"spend' OR '1'='1")) {
			Long count = countOrRefused(Condition.attribute(key, "text", "exists"));
			assertThat(count).as("key %s", key).isNull();
		}
		for (String value : VALUES) {
			Long count = countOrRefused(Condition.attribute("city", "text", "equals", value));
			if (count != null) {
				assertThat(count).as("value %s", value)
					.isEqualTo(value.equalsIgnoreCase("paris") || value.equals("'; drop table contacts; --")
							|| value.equals("\u00f1and\u00fa \ud83d\ude00") ? 1 : 0);
			}
		}
		assertThat(count(Condition.attribute("city", "text", "starts_with", "'; drop"))).isEqualTo(1);
		assertThat(count(Condition.attribute("nested_odd", "text", "starts_with", "\\%_"))).isEqualTo(1);
		assertThat(count(Condition.attribute("nested_odd", "text", "starts_with", "\\%%"))).isZero();
		assertThat(count(Condition.of("created_at", "exists"))).isEqualTo(this.total);
	}

	private Criterion tree(Random random, int depth) {
		if (depth < 3 && random.nextInt(3) == 0) {
			int kind = random.nextInt(10);
			if (kind == 0) {
				// malformed on purpose: NOT of two, or an empty group
				return new Group(random.nextBoolean() ? Group.Logic.NOT : Group.Logic.AND,
						random.nextBoolean() ? List.of() : List.of(leaf(random), leaf(random)));
			}
			Group.Logic logic = Group.Logic.values()[random.nextInt(3)];
			int size = (logic == Group.Logic.NOT) ? 1 : 1 + random.nextInt(3);
			List<Criterion> children = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				children.add(tree(random, depth + 1));
			}
			return new Group(logic, children);
		}
		return leaf(random);
	}

	/**
	 * Mostly well-formed conditions (whose values may still be hostile), some hostile
	 * ones.
	 */
	private Condition leaf(Random random) {
		return (random.nextInt(10) < 7) ? wellFormed(random) : hostile(random);
	}

	private Condition wellFormed(Random random) {
		String kind = pick(random, List.of("text", "number", "date", "time", "boolean", "tags", "consent", "store"));
		List<String> operators = switch (kind) {
			case "text" -> List.of("equals", "not_equals", "in", "contains", "starts_with", "exists");
			case "number" -> List.of("equals", "not_equals", "in", "gt", "gte", "lt", "lte", "between", "exists");
			case "date", "time" -> List.of("equals", "not_equals", "gt", "gte", "lt", "lte", "before", "after",
					"between", "within_last_days", "exists");
			case "boolean" -> List.of("equals", "not_equals", "exists");
			case "tags" -> List.of("any", "all", "none", "exists");
			case "consent" -> List.of("equals", "not_equals", "in");
			default -> List.of("equals", "not_equals", "in", "exists");
		};
		String operator = pick(random, operators);
		int arity = switch (operator) {
			case "exists" -> 0;
			case "between" -> 2;
			case "in", "any", "all", "none" -> 1 + random.nextInt(3);
			default -> 1;
		};
		List<String> pool = switch (kind) {
			case "text" -> VALUES;
			case "number" -> List.of("0", "40", "75", "120.5", "-1", "1000", "99999999999999999999", "0.0001");
			case "date" -> List.of("2000-01-01", "2024-05-01", "2026-11-22");
			case "time" -> List.of("2000-01-01", "2026-11-22", "2026-11-22T10:15:30Z", "2099-12-31");
			case "boolean" -> List.of("true", "false", "TRUE");
			case "tags" -> List.of("gold", "newsletter", "\u00e9t\u00e9", "'", "zz", "GOLD");
			case "consent" -> List.of("opted_in", "opted_out", "unknown");
			default -> List.of("00000000-0000-0000-0000-000000000000");
		};
		List<String> values = new ArrayList<>();
		for (int i = 0; i < arity; i++) {
			values.add((operator.equals("within_last_days")) ? pick(random, List.of("1", "7", "36500"))
					: (kind.equals("text") && random.nextInt(4) == 0) ? randomText(random) : pick(random, pool));
		}
		if (operator.equals("between")) {
			values.sort(null);
		}
		String field = switch (kind) {
			case "text" -> pick(random, List.of("first_name", "last_name", "email", "phone", "locale", "timezone",
					"attributes.city", "attributes.nested_odd", "attributes.spend"));
			case "number" -> pick(random, List.of("attributes.spend", "attributes.nested_odd", "attributes.city"));
			case "date" -> pick(random, List.of("attributes.signup", "attributes.city"));
			case "time" -> pick(random, List.of("created_at", "updated_at"));
			case "boolean" -> pick(random, List.of("attributes.vip", "attributes.spend"));
			case "tags" -> "tags";
			case "consent" -> pick(random, List.of("consent.sms", "consent.email", "consent.whatsapp"));
			default -> "store";
		};
		return new Condition(field, operator,
				field.startsWith("attributes.") ? ((kind.equals("time")) ? "date" : kind) : null, values);
	}

	private Condition hostile(Random random) {
		String field = pick(random, FIELDS);
		String operator = pick(random, OPERATORS);
		String type = random.nextInt(8) == 0 ? null : pick(random, TYPES);
		if (field.startsWith("attributes.") && random.nextBoolean()) {
			// a type that fits the key more often than not
			type = Map
				.of("attributes.spend", "number", "attributes.city", "text", "attributes.vip", "boolean",
						"attributes.signup", "date")
				.getOrDefault(field, type);
		}
		int count = switch (random.nextInt(6)) {
			case 0 -> 0;
			case 1 -> 2;
			case 2 -> 3;
			default -> 1;
		};
		List<String> values = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			values.add(random.nextInt(6) == 0 ? randomText(random) : pick(random, VALUES));
		}
		return new Condition(field, operator, type, values);
	}

	private static String randomText(Random random) {
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(12);
		for (int i = 0; i < length; i++) {
			int kind = random.nextInt(4);
			text.appendCodePoint(switch (kind) {
				case 0 -> PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length()));
				case 1 -> 'a' + random.nextInt(26);
				case 2 -> '0' + random.nextInt(10);
				default -> 0x80 + random.nextInt(0x1F000);
			});
		}
		return text.toString();
	}

	private static <T> T pick(Random random, List<T> items) {
		return items.get(random.nextInt(items.size()));
	}

	private long count(Criterion tree) {
		Long count = countOrRefused(tree);
		if (count == null) {
			fail("refused a tree built from valid parts: " + tree);
		}
		return count;
	}

	/** The count, or null when the tree is refused; any other failure fails the test. */
	private Long countOrRefused(Criterion tree) {
		try {
			return this.audiences.count(this.admin, tree);
		}
		catch (InvalidInputException ex) {
			assertThat(ex.getFieldErrors()).isNotEmpty()
				.allSatisfy((path, message) -> assertThat(path).startsWith(AudienceCompiler.ROOT));
			return null;
		}
		catch (RuntimeException ex) {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("tree", tree);
			detail.put("error", ex.toString());
			throw new AssertionError("neither ran nor refused: " + detail, ex);
		}
	}

}
