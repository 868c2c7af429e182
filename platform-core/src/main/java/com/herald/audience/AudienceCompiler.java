package com.herald.audience;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;
import com.herald.contact.ContactInputs;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenantId;

/**
 * Compiles a criteria tree to a SQL condition over {@code contacts c}. Only SQL text
 * written here reaches the statement; every value and attribute key from the tree is a
 * bound parameter. Below a NOT, each condition is true or false, never NULL (wrapped in
 * {@code COALESCE(…, false)}, or an EXISTS): NOT then matches exactly the contacts its
 * child does not (a contact without the field matches {@code not_equals} and
 * {@code NOT equals} alike). Elsewhere NULL and false reject a contact alike, so the
 * condition stays bare: the planner then estimates tag and column conditions from their
 * statistics instead of guessing, and picks joins that fit the audience's real size.
 * Casts of attribute values are guarded ({@code jsonb_typeof}, a pattern, then
 * {@code pg_input_is_valid}), so a contact's odd data never makes a query fail: a value
 * that is not of the condition's type simply does not match.
 * <p>
 * Tag conditions and text equality on attributes read {@code contact_facts} (one row per
 * tag and per attribute value, kept by triggers; see
 * {@code V202612041000__audience_contact_facts_and_reach.sql}): joined with {@code =} on
 * uuid and text, which row-level security lets an index serve, where the array and jsonb
 * operators over {@code contacts} would scan the tenant. The same conditions written over
 * {@code contacts} alone ({@link #plain()}) are the reference their results are tested
 * against.
 * <p>
 * Errors are {@link InvalidInputException}s keyed by the path of the bad node, e.g.
 * {@code root.children[2].values[0]}.
 */
final class AudienceCompiler {

	static final int MAX_DEPTH = 8;

	static final int MAX_NODES = 200;

	static final int MAX_VALUES = 500;

	static final int MAX_VALUE_LENGTH = 500;

	static final int MAX_DAYS = 36_500;

	static final String ROOT = "root";

	private static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

	private static final Pattern NUMBER = Pattern.compile("^-?[0-9]{1,100}(\\.[0-9]{1,100})?$");

	private static final Pattern UUID_TEXT = Pattern
		.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

	private static final Pattern DAYS = Pattern.compile("^[0-9]{1,6}$");

	/** The core text fields and their columns (the keys are the only column names). */
	static final Map<String, String> TEXT_FIELDS = Map.of("first_name", "c.first_name", "last_name", "c.last_name",
			"email", "c.email", "phone", "c.phone_e164", "locale", "c.locale", "timezone", "c.timezone");

	static final Map<String, String> TIME_FIELDS = Map.of("created_at", "c.created_at", "updated_at", "c.updated_at");

	static final Set<Operator> TEXT_OPERATORS = EnumSet.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.IN,
			Operator.CONTAINS, Operator.STARTS_WITH, Operator.EXISTS);

	static final Set<Operator> NUMBER_OPERATORS = EnumSet.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.IN,
			Operator.GT, Operator.GTE, Operator.LT, Operator.LTE, Operator.BETWEEN, Operator.EXISTS);

	static final Set<Operator> DATE_OPERATORS = EnumSet.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.GT,
			Operator.GTE, Operator.LT, Operator.LTE, Operator.BEFORE, Operator.AFTER, Operator.BETWEEN,
			Operator.WITHIN_LAST_DAYS, Operator.EXISTS);

	static final Set<Operator> BOOLEAN_OPERATORS = EnumSet.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.EXISTS);

	static final Set<Operator> STORE_OPERATORS = EnumSet.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.IN,
			Operator.EXISTS);

	static final Set<Operator> TAG_OPERATORS = EnumSet.of(Operator.ANY, Operator.ALL, Operator.NONE, Operator.EXISTS);

	static final Set<Operator> CONSENT_OPERATORS = EnumSet.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.IN);

	static final Set<Operator> LIST_OPERATORS = EnumSet.of(Operator.EQUALS, Operator.NOT_EQUALS, Operator.IN);

	static final List<String> CONSENT_VALUES = List.of("opted_in", "opted_out", "unknown");

	static final List<String> ENGAGEMENT = List.of("last_sent", "last_delivered", "last_clicked", "last_replied");

	/** Whether tag and attribute-equality conditions read contact_facts. */
	private final boolean facts;

	AudienceCompiler() {
		this(true);
	}

	private AudienceCompiler(boolean facts) {
		this.facts = facts;
	}

	/**
	 * The compiler that reads only {@code contacts}: the plain meaning of every
	 * condition, which the facts must reproduce.
	 */
	static AudienceCompiler plain() {
		return new AudienceCompiler(false);
	}

	/**
	 * The full condition: the tenant's live contacts, within the store scope, matching
	 * the tree.
	 * @param storeScope for store managers, the stores they may see; {@code null} for
	 * everyone else
	 */
	CompiledAudience compile(TenantId tenant, @Nullable Set<StoreId> storeScope, @Nullable Criterion root) {
		Sql tree = new Walk(this.facts, new Sql("?", List.of(tenant.value()))).node(root, ROOT, 1, false);
		Sql where = new Sql("c.tenant_id = ? AND c.erased_at IS NULL", List.of(tenant.value()));
		if (storeScope != null) {
			if (storeScope.isEmpty()) {
				where = where.append(" AND false");
			}
			else {
				where = where.append(" AND c.store_id IN (" + placeholders(storeScope.size()) + ")",
						storeScope.stream().map(StoreId::value).toList());
			}
		}
		where = where.append(" AND ").append(tree);
		return new CompiledAudience(where.text(), where.params());
	}

	/** The tree alone, as a parenthesised condition over {@code contacts c}. */
	Sql compile(@Nullable Criterion root) {
		return new Walk(this.facts, new Sql("c.tenant_id", List.of())).node(root, ROOT, 1, false);
	}

	/** One compile: counts nodes against the limit. */
	private static final class Walk {

		private final boolean facts;

		/**
		 * The tenant for the subqueries over contact_facts, consent_status and list
		 * members: a bound parameter when known, so it is an index condition even where
		 * the subquery is not joined (under OR or NOT), where the planner would not carry
		 * {@code c.tenant_id = ?} into it.
		 */
		private final Sql tenant;

		private int nodes;

		Walk(boolean facts, Sql tenant) {
			this.facts = facts;
			this.tenant = tenant;
		}

		/**
		 * @param negated whether a NOT group is above this node
		 */
		Sql node(@Nullable Criterion node, String path, int depth, boolean negated) {
			if (node == null) {
				throw error(path, "Expected a group or a condition");
			}
			if (depth > MAX_DEPTH) {
				throw error(path, "Nest groups at most " + MAX_DEPTH + " levels deep");
			}
			if (++this.nodes > MAX_NODES) {
				throw error(ROOT, "Use at most " + MAX_NODES + " groups and conditions");
			}
			return switch (node) {
				case Group group -> group(group, path, depth, negated);
				case Condition condition -> condition(condition, path, negated, this.facts, this.tenant);
			};
		}

		private Sql group(Group group, String path, int depth, boolean negated) {
			if (group.logic() == null) {
				throw error(path + ".logic", "Expected AND, OR or NOT");
			}
			List<? extends @Nullable Criterion> children = group.children();
			if (children.isEmpty()) {
				throw error(path + ".children", "A group needs at least one condition");
			}
			if (group.logic() == Group.Logic.NOT && children.size() != 1) {
				throw error(path + ".children", "NOT takes exactly one condition or group");
			}
			List<Sql> parts = new ArrayList<>();
			for (int i = 0; i < children.size(); i++) {
				parts.add(node(children.get(i), path + ".children[" + i + "]", depth + 1,
						negated || group.logic() == Group.Logic.NOT));
			}
			return switch (group.logic()) {
				case NOT -> new Sql("(NOT ", List.of()).append(parts.get(0)).append(")");
				case AND -> Sql.join(parts, " AND ");
				case OR -> Sql.join(anyFact(children, parts), " OR ");
			};
		}

		/**
		 * An OR's children that hold one of some facts (tags any, text attribute equals
		 * or in) become one test of all their facts together: EXISTS(A) OR EXISTS(B) is
		 * EXISTS(A ∪ B), which the planner can drive from one index range (a semi-join),
		 * where separate EXISTS under OR are probed for every contact of the tenant.
		 * @param parts the children, compiled (and so validated) one by one
		 */
		private List<Sql> anyFact(List<? extends @Nullable Criterion> children, List<Sql> parts) {
			List<Sql> facts = new ArrayList<>();
			List<Sql> others = new ArrayList<>();
			for (int i = 0; i < children.size(); i++) {
				List<Sql> held = (this.facts && children.get(i) instanceof Condition condition) ? facts(condition)
						: List.of();
				if (held.isEmpty()) {
					others.add(parts.get(i));
				}
				else {
					facts.addAll(held);
				}
			}
			if (facts.isEmpty() || others.size() == parts.size() - 1) {
				return parts;
			}
			others.add(0, hasFact(this.tenant, factList(facts)));
			return others;
		}

	}

	/**
	 * The facts a condition matches a contact by holding any one of, or none if it is not
	 * such a condition. Only for conditions already compiled, so already valid.
	 */
	private static List<Sql> facts(Condition condition) {
		Operator operator = Operator.fromKey(condition.operator()).orElseThrow();
		List<String> values = List.copyOf(condition.values());
		String field = condition.field();
		if ("tags".equals(field) && operator == Operator.ANY) {
			return tagFacts(values, ROOT);
		}
		if (field != null && field.startsWith("attributes.") && condition.type() != null
				&& condition.type().strip().equalsIgnoreCase("text")
				&& (operator == Operator.EQUALS || operator == Operator.IN)) {
			return attributeFacts(field.substring("attributes.".length()), values);
		}
		return List.of();

	}

	private static Sql condition(Condition condition, String path, boolean negated, boolean facts, Sql tenant) {
		String field = condition.field();
		if (field == null || field.isBlank()) {
			throw error(path + ".field", "Choose a field");
		}
		Operator operator = Operator.fromKey(condition.operator())
			.orElseThrow(() -> error(path + ".operator", "Unknown operator; use one of " + Operator.EQUALS.key() + ", "
					+ Operator.NOT_EQUALS.key() + ", " + Operator.IN.key() + ", … (see the field's list)"));
		List<String> values = values(condition.values(), path);
		Sql test;
		if (TEXT_FIELDS.containsKey(field)) {
			test = text(new Sql(TEXT_FIELDS.get(field), List.of()), operator, values, path);
		}
		else if (TIME_FIELDS.containsKey(field)) {
			test = timestamp(new Sql(TIME_FIELDS.get(field), List.of()), operator, values, path);
		}
		else if (field.equals("store")) {
			test = store(operator, values, path);
		}
		else if (field.equals("tags")) {
			test = tags(operator, values, path, facts, tenant);
		}
		else if (field.startsWith("attributes.")) {
			test = attribute(field.substring("attributes.".length()), condition.type(), operator, values, path, facts,
					tenant);
		}
		else if (field.startsWith("consent.")) {
			return consent(field.substring("consent.".length()), operator, values, path, tenant);
		}
		else if (field.equals("list")) {
			test = list(operator, values, path, tenant);
		}
		else if (field.startsWith("engagement.") || ENGAGEMENT.contains(field)) {
			throw error(path + ".field",
					"Engagement conditions (last sent, delivered, clicked, replied) are not available yet");
		}
		else {
			throw error(path + ".field", "Unknown field " + quote(field));
		}
		return new Sql(negated ? "COALESCE(" : "(", List.of()).append(test).append(negated ? ", false)" : ")");
	}

	private static List<String> values(List<? extends @Nullable String> values, String path) {
		if (values.size() > MAX_VALUES) {
			throw error(path + ".values", "Give at most " + MAX_VALUES + " values");
		}
		List<String> clean = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i);
			String at = path + ".values[" + i + "]";
			if (value == null) {
				throw error(at, "Give a value");
			}
			if (value.length() > MAX_VALUE_LENGTH) {
				throw error(at, "Use at most " + MAX_VALUE_LENGTH + " characters");
			}
			if (value.indexOf('\0') >= 0) {
				throw error(at, "Remove NUL characters");
			}
			clean.add(value);
		}
		return clean;
	}

	// ---- field kinds

	private static Sql text(Sql column, Operator operator, List<String> values, String path) {
		allow(operator, TEXT_OPERATORS, "text", path);
		arity(operator, values, path);
		return switch (operator) {
			case EQUALS -> column.wrap("lower(", ") = lower(?)", values.get(0));
			case NOT_EQUALS -> column.wrap("(lower(", ") IS DISTINCT FROM lower(?))", values.get(0));
			case IN -> column.wrap("lower(", ") IN (" + repeat("lower(?)", values.size()) + ")", values.toArray());
			case CONTAINS -> column.wrap("strpos(lower(", "), lower(?)) > 0", values.get(0));
			case STARTS_WITH -> column.wrap("lower(", ") LIKE lower(?) ESCAPE '\\'", like(values.get(0)));
			case EXISTS -> column.wrap("(", " IS NOT NULL)");
			default -> throw new IllegalStateException(operator.name());
		};
	}

	private static Sql number(Sql expression, Operator operator, List<String> values, String path) {
		allow(operator, NUMBER_OPERATORS, "number", path);
		arity(operator, values, path);
		List<BigDecimal> numbers = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			numbers.add(number(values.get(i), path + ".values[" + i + "]"));
		}
		if (operator == Operator.BETWEEN && numbers.get(0).compareTo(numbers.get(1)) > 0) {
			throw error(path + ".values", "Give the smaller number first");
		}
		return compare(expression, operator, new ArrayList<>(numbers));
	}

	private static Sql attributeDate(Sql expression, Operator operator, List<String> values, String path) {
		allow(operator, DATE_OPERATORS, "date", path);
		arity(operator, values, path);
		if (operator == Operator.WITHIN_LAST_DAYS) {
			int days = days(values.get(0), path + ".values[0]");
			// a range holds the attribute's (costly) expression once; BETWEEN would
			// evaluate it twice
			return new Sql("(daterange(current_date - CAST(? AS integer), current_date, '[]') @> ", List.of(days))
				.append(expression)
				.append(")");
		}
		List<Object> dates = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			dates.add(date(values.get(i), path + ".values[" + i + "]"));
		}
		if (operator == Operator.BETWEEN && ((LocalDate) dates.get(0)).isAfter((LocalDate) dates.get(1))) {
			throw error(path + ".values", "Give the earlier date first");
		}
		Operator plain = switch (operator) {
			case BEFORE -> Operator.LT;
			case AFTER -> Operator.GT;
			default -> operator;
		};
		return compare(expression, plain, dates);
	}

	/**
	 * Comparisons where the operands are already typed (numbers or dates). BETWEEN is a
	 * range containment, so the expression (for attributes, a guarded cast reading the
	 * jsonb several times) is evaluated once per contact, not twice.
	 */
	private static Sql compare(Sql expression, Operator operator, List<Object> operands) {
		return switch (operator) {
			case EQUALS -> expression.wrap("(", " = ?)", operands.get(0));
			case NOT_EQUALS -> expression.wrap("(", " IS DISTINCT FROM ?)", operands.get(0));
			case IN -> expression.wrap("(", " IN (" + placeholders(operands.size()) + "))", operands.toArray());
			case GT -> expression.wrap("(", " > ?)", operands.get(0));
			case GTE -> expression.wrap("(", " >= ?)", operands.get(0));
			case LT -> expression.wrap("(", " < ?)", operands.get(0));
			case LTE -> expression.wrap("(", " <= ?)", operands.get(0));
			case BETWEEN -> new Sql(
					"(" + ((operands.get(0) instanceof LocalDate) ? "daterange(CAST(? AS date), CAST(? AS date)"
							: "numrange(CAST(? AS numeric), CAST(? AS numeric)") + ", '[]') @> ",
					List.of(operands.get(0), operands.get(1)))
				.append(expression)
				.append(")");
			case EXISTS -> expression.wrap("(", " IS NOT NULL)");
			default -> throw new IllegalStateException(operator.name());
		};
	}

	/**
	 * created_at and updated_at: a date means that whole UTC day, an instant that moment.
	 */
	private static Sql timestamp(Sql column, Operator operator, List<String> values, String path) {
		allow(operator, DATE_OPERATORS, "date", path);
		arity(operator, values, path);
		if (operator == Operator.EXISTS) {
			return column.wrap("(", " IS NOT NULL)");
		}
		if (operator == Operator.WITHIN_LAST_DAYS) {
			int days = days(values.get(0), path + ".values[0]");
			return column.wrap("(", " >= now() - make_interval(days => ?))", days);
		}
		List<Moment> moments = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			moments.add(moment(values.get(i), path + ".values[" + i + "]"));
		}
		Moment first = moments.get(0);
		return switch (operator) {
			case EQUALS -> column.wrap("(", " >= ?)", first.from())
				.append(" AND ")
				.append(column.wrap("(", " < ?)", first.until()));
			case NOT_EQUALS -> column.wrap("NOT ((", " >= ?)", first.from())
				.append(" AND ")
				.append(column.wrap("(", " < ?))", first.until()));
			case BEFORE, LT -> column.wrap("(", " < ?)", first.from());
			case LTE -> column.wrap("(", " < ?)", first.until());
			case AFTER, GT -> column.wrap("(", " >= ?)", first.until());
			case GTE -> column.wrap("(", " >= ?)", first.from());
			case BETWEEN -> {
				Moment last = moments.get(1);
				if (first.from().isAfter(last.from())) {
					throw error(path + ".values", "Give the earlier date first");
				}
				yield column.wrap("(", " >= ?)", first.from())
					.append(" AND ")
					.append(column.wrap("(", " < ?)", last.until()));
			}
			default -> throw new IllegalStateException(operator.name());
		};
	}

	private static Sql store(Operator operator, List<String> values, String path) {
		allow(operator, STORE_OPERATORS, "store", path);
		arity(operator, values, path);
		List<Object> ids = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i).strip();
			if (!UUID_TEXT.matcher(value).matches()) {
				throw error(path + ".values[" + i + "]", "Expected a store id");
			}
			ids.add(UUID.fromString(value));
		}
		return compare(new Sql("c.store_id", List.of()), operator, ids);
	}

	/**
	 * Membership of static lists. A list id of another tenant, or of no list, matches
	 * nobody: membership rows are joined on the contact's own tenant.
	 */
	private static Sql list(Operator operator, List<String> values, String path, Sql tenant) {
		allow(operator, LIST_OPERATORS, "lists", path);
		arity(operator, values, path);
		List<Object> ids = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i).strip();
			if (!UUID_TEXT.matcher(value).matches()) {
				throw error(path + ".values[" + i + "]", "Expected a list id");
			}
			ids.add(UUID.fromString(value));
		}
		Sql member = new Sql("(EXISTS (SELECT 1 FROM contact_list_members m WHERE m.tenant_id = ", List.of())
			.append(tenant)
			.append(" AND m.contact_id = c.id AND m.list_id IN (" + placeholders(ids.size()) + ")))", ids);
		return (operator == Operator.NOT_EQUALS) ? new Sql("(NOT ", List.of()).append(member).append(")") : member;
	}

	private static Sql tags(Operator operator, List<String> values, String path, boolean facts, Sql tenant) {
		allow(operator, TAG_OPERATORS, "tags", path);
		arity(operator, values, path);
		if (operator == Operator.EXISTS) {
			return new Sql("(cardinality(c.tags) > 0)", List.of());
		}
		if (facts) {
			List<Sql> tagFacts = tagFacts(values, path);
			return switch (operator) {
				case ANY -> hasFact(tenant, factList(tagFacts));
				case ALL -> Sql.join(tagFacts.stream().map((fact) -> hasFact(tenant, fact)).toList(), " AND ");
				case NONE -> new Sql("(NOT ", List.of()).append(hasFact(tenant, factList(tagFacts))).append(")");
				default -> throw new IllegalStateException(operator.name());
			};
		}
		List<Object> tags = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			tags.add(ContactInputs.tag(path + ".values[" + i + "]", values.get(i)));
		}
		String array = "ARRAY[" + repeat("CAST(? AS text)", tags.size()) + "]";
		return switch (operator) {
			case ANY -> new Sql("(c.tags && " + array + ")", tags);
			case ALL -> new Sql("(c.tags @> " + array + ")", tags);
			case NONE -> new Sql("(NOT (c.tags && " + array + "))", tags);
			default -> throw new IllegalStateException(operator.name());
		};
	}

	private static List<Sql> tagFacts(List<String> values, String path) {
		List<Sql> facts = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			facts.add(new Sql("?", List.of("t:" + ContactInputs.tag(path + ".values[" + i + "]", values.get(i)))));
		}
		return facts;
	}

	private static List<Sql> attributeFacts(String key, List<String> values) {
		return values.stream()
			.map((value) -> new Sql("contact_attribute_fact(CAST(? AS text), CAST(? AS text))", List.of(key, value)))
			.toList();
	}

	private static Sql attribute(String key, @Nullable String type, Operator operator, List<String> values, String path,
			boolean facts, Sql tenant) {
		if (!KEY.matcher(key).matches()) {
			throw error(path + ".field", "Attribute keys are lowercase letters, digits and underscores,"
					+ " starting with a letter (at most 63)");
		}
		if (type == null || type.isBlank()) {
			throw error(path + ".type", "Give the attribute's type: text, number, date or boolean");
		}
		String kind = type.strip().toLowerCase(Locale.ROOT);
		if (facts && kind.equals("text")
				&& EnumSet.of(Operator.EQUALS, Operator.IN, Operator.NOT_EQUALS).contains(operator)) {
			allow(operator, TEXT_OPERATORS, "text", path);
			arity(operator, values, path);
			Sql any = hasFact(tenant, factList(attributeFacts(key, values)));
			return (operator == Operator.NOT_EQUALS) ? new Sql("(NOT ", List.of()).append(any).append(")") : any;
		}
		return switch (kind) {
			case "text" -> text(new Sql("(c.attributes ->> CAST(? AS text))", List.of(key)), operator, values, path);
			case "number" -> number(new Sql("""
					(CASE WHEN jsonb_typeof(c.attributes -> CAST(? AS text)) = 'number'
					      THEN (c.attributes ->> CAST(? AS text))::numeric
					      WHEN jsonb_typeof(c.attributes -> CAST(? AS text)) = 'string'
					       AND (c.attributes ->> CAST(? AS text)) ~ '^-?[0-9]{1,100}(\\.[0-9]{1,100})?$'
					      THEN (c.attributes ->> CAST(? AS text))::numeric END)""", List.of(key, key, key, key, key)),
					operator, values, path);
			case "date" -> attributeDate(new Sql("""
					(CASE WHEN jsonb_typeof(c.attributes -> CAST(? AS text)) = 'string'
					       AND (c.attributes ->> CAST(? AS text)) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}'
					       AND pg_input_is_valid(left(c.attributes ->> CAST(? AS text), 10), 'date')
					      THEN left(c.attributes ->> CAST(? AS text), 10)::date END)""", List.of(key, key, key, key)),
					operator, values, path);
			case "boolean" -> bool(new Sql("""
					(CASE WHEN jsonb_typeof(c.attributes -> CAST(? AS text)) = 'boolean'
					      THEN (c.attributes ->> CAST(? AS text))::boolean END)""", List.of(key, key)), operator,
					values, path);
			default -> throw error(path + ".type", "Use text, number, date or boolean");
		};
	}

	private static Sql bool(Sql expression, Operator operator, List<String> values, String path) {
		allow(operator, BOOLEAN_OPERATORS, "boolean", path);
		arity(operator, values, path);
		List<Object> operands = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i).strip().toLowerCase(Locale.ROOT);
			if (!value.equals("true") && !value.equals("false")) {
				throw error(path + ".values[" + i + "]", "Expected true or false");
			}
			operands.add(Boolean.valueOf(value));
		}
		return compare(expression, operator, operands);
	}

	/**
	 * Consent on a channel: a consent_status row, or none ("unknown"). The statuses asked
	 * for (their complement for not_equals) become one EXISTS, or one NOT EXISTS of the
	 * other statuses when "unknown" is among them: never NULL, so it needs no COALESCE,
	 * and at the top of an AND the planner turns it into a semi- or anti-join it can hash
	 * instead of probing consent_status once per contact.
	 */
	private static Sql consent(String channelKey, Operator operator, List<String> values, String path, Sql tenant) {
		Channel channel = channel(channelKey, path);
		allow(operator, CONSENT_OPERATORS, "consent", path);
		arity(operator, values, path);
		Set<String> asked = new java.util.LinkedHashSet<>();
		for (int i = 0; i < values.size(); i++) {
			String status = values.get(i).strip().toLowerCase(Locale.ROOT);
			if (!CONSENT_VALUES.contains(status)) {
				throw error(path + ".values[" + i + "]", "Expected opted_in, opted_out or unknown");
			}
			asked.add(status);
		}
		List<String> wanted = CONSENT_VALUES.stream()
			.filter((status) -> asked.contains(status) != (operator == Operator.NOT_EQUALS))
			.toList();
		if (wanted.isEmpty()) {
			return new Sql("false", List.of());
		}
		boolean unknown = wanted.contains("unknown");
		List<String> statuses = unknown ? CONSENT_VALUES.stream()
			.filter((status) -> !status.equals("unknown") && !wanted.contains(status))
			.toList() : wanted;
		if (statuses.isEmpty()) {
			return new Sql("true", List.of());
		}
		return new Sql((unknown ? "(NOT " : "(") + "EXISTS (SELECT 1 FROM consent_status cs WHERE cs.tenant_id = ",
				List.of())
			.append(tenant)
			.append(" AND cs.contact_id = c.id AND cs.channel = ? AND cs.status IN (" + placeholders(statuses.size())
					+ ")))", concat(channel.key(), statuses));
	}

	/**
	 * The contact holds one of the facts. Semi-joined on the primary key
	 * {@code (tenant_id, fact, contact_id)}: a selective fact drives the query from the
	 * index, and NOT of it is an anti-join.
	 */
	private static Sql hasFact(Sql tenant, Sql oneOf) {
		return new Sql("(EXISTS (SELECT 1 FROM contact_facts f WHERE f.tenant_id = ", List.of()).append(tenant)
			.append(" AND f.contact_id = c.id AND f.fact IN (")
			.append(oneOf)
			.append(")))");
	}

	private static Sql factList(List<Sql> items) {
		Sql list = new Sql("", List.of());
		for (int i = 0; i < items.size(); i++) {
			list = list.append((i > 0) ? ", " : "").append(items.get(i));
		}
		return list;
	}

	private static List<Object> concat(Object first, List<?> rest) {
		List<Object> all = new ArrayList<>();
		all.add(first);
		all.addAll(rest);
		return all;
	}

	private static Channel channel(String key, String path) {
		for (Channel channel : Channel.values()) {
			if (channel.key().equals(key)) {
				return channel;
			}
		}
		throw error(path + ".field",
				"Consent is per channel: consent.sms, consent.whatsapp, consent.email or" + " consent.push");
	}

	// ---- checks and values

	private static void allow(Operator operator, Set<Operator> allowed, String kind, String path) {
		if (!allowed.contains(operator)) {
			throw error(path + ".operator", "The operator " + operator.key() + " does not apply to " + kind
					+ "; use one of " + String.join(", ", allowed.stream().map(Operator::key).toList()));
		}
	}

	private static void arity(Operator operator, List<String> values, String path) {
		switch (operator) {
			case EXISTS -> {
				if (!values.isEmpty()) {
					throw error(path + ".values", "exists takes no value");
				}
			}
			case BETWEEN -> {
				if (values.size() != 2) {
					throw error(path + ".values", "between takes two values");
				}
			}
			case IN, ANY, ALL, NONE -> {
				if (values.isEmpty()) {
					throw error(path + ".values", "Give at least one value");
				}
			}
			default -> {
				if (values.size() != 1) {
					throw error(path + ".values", operator.key() + " takes one value");
				}
			}
		}
	}

	private static BigDecimal number(String value, String path) {
		String text = value.strip();
		if (!NUMBER.matcher(text).matches()) {
			throw error(path, "Expected a number");
		}
		return new BigDecimal(text);
	}

	private static int days(String value, String path) {
		String text = value.strip();
		if (!DAYS.matcher(text).matches() || Integer.parseInt(text) < 1 || Integer.parseInt(text) > MAX_DAYS) {
			throw error(path, "Expected a whole number of days from 1 to " + MAX_DAYS);
		}
		return Integer.parseInt(text);
	}

	private static LocalDate date(String value, String path) {
		try {
			LocalDate date = LocalDate.parse(value.strip());
			if (date.getYear() < 1000 || date.getYear() > 9999) {
				throw error(path, "Expected a date between the years 1000 and 9999");
			}
			return date;
		}
		catch (DateTimeParseException ex) {
			throw error(path, "Expected a date (YYYY-MM-DD)");
		}
	}

	/** A date is its whole UTC day; an instant is [instant, instant + 1 µs). */
	private static Moment moment(String value, String path) {
		String text = value.strip();
		if (text.length() == 10) {
			LocalDate date = date(text, path);
			return new Moment(date.atStartOfDay().atOffset(ZoneOffset.UTC),
					date.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
		}
		try {
			OffsetDateTime at = OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
			if (at.getYear() < 1000 || at.getYear() > 9999) {
				throw error(path, "Expected a date between the years 1000 and 9999");
			}
			Instant truncated = at.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
			OffsetDateTime from = truncated.atOffset(ZoneOffset.UTC);
			return new Moment(from, from.plusNanos(1000));
		}
		catch (DateTimeParseException ex) {
			throw error(path, "Expected a date (YYYY-MM-DD) or an instant (2026-11-22T10:15:30Z)");
		}
	}

	private record Moment(OffsetDateTime from, OffsetDateTime until) {

	}

	/** A prefix pattern for LIKE: the value's own %, _ and \ escaped. */
	private static String like(String value) {
		return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	private static String placeholders(int count) {
		return repeat("?", count);
	}

	private static String repeat(String item, int count) {
		return String.join(", ", java.util.Collections.nCopies(count, item));
	}

	private static String quote(String text) {
		String cut = (text.length() > 64) ? text.substring(0, 64) + "…" : text;
		return "'" + cut + "'";
	}

	private static InvalidInputException error(String path, String message) {
		return new InvalidInputException(path, message);
	}

	/** SQL text written here, with the values of its placeholders in order. */
	record Sql(String text, List<Object> params) {

		Sql {
			params = List.copyOf(params);
		}

		Sql append(String more) {
			return new Sql(this.text + more, this.params);
		}

		Sql append(String more, Collection<?> moreParams) {
			List<Object> all = new ArrayList<>(this.params);
			all.addAll(moreParams);
			return new Sql(this.text + more, all);
		}

		Sql append(Sql more) {
			return append(more.text, more.params);
		}

		/** {@code before + this + after}, with the params of after appended. */
		Sql wrap(String before, String after, Object... afterParams) {
			List<Object> all = new ArrayList<>(this.params);
			all.addAll(List.of(afterParams));
			return new Sql(before + this.text + after, all);
		}

		static Sql join(List<Sql> parts, String separator) {
			Sql joined = new Sql("(", List.of());
			for (int i = 0; i < parts.size(); i++) {
				joined = joined.append((i > 0) ? separator : "").append(parts.get(i));
			}
			return joined.append(")");
		}

	}

}
