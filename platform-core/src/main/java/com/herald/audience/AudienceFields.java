package com.herald.audience;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;

/**
 * The fields a criteria tree may test, as the builder offers them: key, label, kind and
 * the operators that apply. The operator sets are the compiler's own, so the builder
 * never offers what the compiler refuses.
 */
public final class AudienceFields {

	/** The attribute types a condition on {@code attributes.<key>} may declare. */
	public static final List<String> ATTRIBUTE_TYPES = List.of("text", "number", "date", "boolean");

	/** Attribute keys most tenants use, suggested as the admin types. */
	public static final List<String> SUGGESTED_ATTRIBUTES = List.of("lead_source", "market", "product", "lead_status",
			"state", "zip", "conversation_status", "appointment_status", "total_spent", "last_purchase_at",
			"visit_count", "birthday");

	/** The field key of an attribute condition before its key is chosen. */
	public static final String ATTRIBUTE = "attributes";

	private static final List<Field> FIELDS = fields();

	private static final Map<Operator, String> LABELS = labels();

	private AudienceFields() {
	}

	/** Every field, in the order the builder lists them. */
	public static List<Field> all() {
		return FIELDS;
	}

	/**
	 * The field a condition's key names: {@code attributes.<key>} is the attribute field.
	 */
	public static Optional<Field> find(@Nullable String key) {
		if (key == null) {
			return Optional.empty();
		}
		String wanted = key.startsWith(ATTRIBUTE + ".") ? ATTRIBUTE : key;
		return FIELDS.stream().filter((field) -> field.key().equals(wanted)).findFirst();
	}

	/** The operators for an attribute of the given type (text when unknown). */
	public static List<Operator> attributeOperators(@Nullable String type) {
		String clean = (type != null) ? type.strip().toLowerCase(Locale.ROOT) : "text";
		return List.copyOf(switch (clean) {
			case "number" -> AudienceCompiler.NUMBER_OPERATORS;
			case "date" -> AudienceCompiler.DATE_OPERATORS;
			case "boolean" -> AudienceCompiler.BOOLEAN_OPERATORS;
			default -> AudienceCompiler.TEXT_OPERATORS;
		});
	}

	/** How the builder words an operator: "is one of", "within the last N days", … */
	public static String label(Operator operator) {
		return LABELS.get(operator);
	}

	/** Whether the operator takes several values (one per line or comma separated). */
	public static boolean takesSeveral(Operator operator) {
		return operator == Operator.IN || operator == Operator.ANY || operator == Operator.ALL
				|| operator == Operator.NONE;
	}

	/** Whether the operator takes no value. */
	public static boolean takesNone(Operator operator) {
		return operator == Operator.EXISTS;
	}

	/**
	 * A field the builder offers.
	 *
	 * @param key what a condition's {@code field} holds ({@code attributes} stands for
	 * {@code attributes.<key>})
	 * @param label how the builder names it
	 * @param kind what its values are
	 * @param operators the operators that apply (for attributes: those of text; see
	 * {@link #attributeOperators})
	 * @param choices the values to choose from, when they are fixed (consent statuses,
	 * true/false); stores and lists come from the tenant
	 * @param available false for fields later features fill (engagement)
	 */
	public record Field(String key, String label, Kind kind, List<Operator> operators, List<String> choices,
			boolean available) {

		public Field {
			operators = List.copyOf(operators);
			choices = List.copyOf(choices);
		}

	}

	/** What a field's values are. */
	public enum Kind {

		TEXT, DATE, STORE, TAGS, ATTRIBUTE, CONSENT, LIST, ENGAGEMENT

	}

	private static List<Field> fields() {
		List<Field> fields = new ArrayList<>();
		Map<String, String> text = Map.of("first_name", "First name", "last_name", "Last name", "email", "Email",
				"phone", "Phone", "locale", "Locale", "timezone", "Time zone");
		for (String key : List.of("first_name", "last_name", "email", "phone", "locale", "timezone")) {
			fields.add(field(key, text.get(key), Kind.TEXT, AudienceCompiler.TEXT_OPERATORS, List.of()));
		}
		fields.add(field(ATTRIBUTE, "Attribute", Kind.ATTRIBUTE, AudienceCompiler.TEXT_OPERATORS, List.of()));
		fields.add(field("tags", "Tags", Kind.TAGS, AudienceCompiler.TAG_OPERATORS, List.of()));
		fields.add(field("store", "Store", Kind.STORE, AudienceCompiler.STORE_OPERATORS, List.of()));
		fields.add(field("list", "Static list", Kind.LIST, AudienceCompiler.LIST_OPERATORS, List.of()));
		fields.add(field("created_at", "Created", Kind.DATE, AudienceCompiler.DATE_OPERATORS, List.of()));
		fields.add(field("updated_at", "Updated", Kind.DATE, AudienceCompiler.DATE_OPERATORS, List.of()));
		for (Channel channel : List.of(Channel.SMS, Channel.EMAIL, Channel.PUSH, Channel.WHATSAPP)) {
			fields.add(field("consent." + channel.key(), "Consent: " + channelLabel(channel), Kind.CONSENT,
					AudienceCompiler.CONSENT_OPERATORS, AudienceCompiler.CONSENT_VALUES));
		}
		Map<String, String> engagement = Map.of("last_sent", "Last sent", "last_delivered", "Last delivered",
				"last_clicked", "Last clicked", "last_replied", "Last replied");
		for (String key : AudienceCompiler.ENGAGEMENT) {
			fields.add(new Field("engagement." + key, engagement.get(key), Kind.ENGAGEMENT,
					List.of(Operator.WITHIN_LAST_DAYS), List.of(), false));
		}
		return List.copyOf(fields);
	}

	private static Field field(String key, String label, Kind kind, Set<Operator> operators, List<String> choices) {
		return new Field(key, label, kind, List.copyOf(operators), choices, true);
	}

	private static String channelLabel(Channel channel) {
		return switch (channel) {
			case SMS -> "SMS";
			case EMAIL -> "email";
			case PUSH -> "push";
			case WHATSAPP -> "WhatsApp";
		};
	}

	private static Map<Operator, String> labels() {
		Map<Operator, String> labels = new EnumMap<>(Operator.class);
		labels.put(Operator.EQUALS, "is");
		labels.put(Operator.NOT_EQUALS, "is not");
		labels.put(Operator.IN, "is one of");
		labels.put(Operator.CONTAINS, "contains");
		labels.put(Operator.STARTS_WITH, "starts with");
		labels.put(Operator.GT, "greater than");
		labels.put(Operator.GTE, "at least");
		labels.put(Operator.LT, "less than");
		labels.put(Operator.LTE, "at most");
		labels.put(Operator.BETWEEN, "between");
		labels.put(Operator.EXISTS, "is present");
		labels.put(Operator.WITHIN_LAST_DAYS, "within the last N days");
		labels.put(Operator.BEFORE, "before");
		labels.put(Operator.AFTER, "after");
		labels.put(Operator.ANY, "has any of");
		labels.put(Operator.ALL, "has all of");
		labels.put(Operator.NONE, "has none of");
		return labels;
	}

}
