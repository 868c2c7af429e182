package com.herald.template;

import java.util.AbstractMap;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.herald.contact.Contact;
import com.herald.tenancy.Store;
import com.herald.tenancy.StoreDetails;

/**
 * The names a template may use, and their values for one recipient:
 * {@code contact.first_name}, {@code contact.attributes.<key>} (any key: attributes
 * differ from contact to contact, and a missing one renders empty, so {@code default:}
 * works), {@code store.name} and the other store fields, and {@code opt_out}, the line
 * that tells the recipient how to stop messages; in email also {@code unsubscribe_url}
 * and {@code preferences_url}, the recipient's own links to the preference center.
 */
public final class TemplateVariables {

	/** What {@code {{ opt_out }}} renders. */
	public static final String OPT_OUT_LINE = "Reply STOP to opt out.";

	static final List<String> CONTACT_FIELDS = List.of("first_name", "last_name", "email", "phone", "external_id",
			"locale", "timezone");

	static final List<String> STORE_FIELDS = List.of("name", "city", "region", "postal_code", "country", "address",
			"timezone");

	private TemplateVariables() {
	}

	/** Every name a template may use, for the page's help and for error messages. */
	public static List<String> names() {
		List<String> names = new java.util.ArrayList<>();
		CONTACT_FIELDS.forEach((field) -> names.add("contact." + field));
		names.add("contact.attributes.<key>");
		STORE_FIELDS.forEach((field) -> names.add("store." + field));
		names.add("opt_out");
		names.add("unsubscribe_url");
		names.add("preferences_url");
		return names;
	}

	/** One recipient's values; a field the contact or store lacks is left out. */
	static Map<String, Object> of(Contact contact, @Nullable Store store) {
		Map<String, Object> person = new LinkedHashMap<>();
		putIfPresent(person, "first_name", contact.getFirstName());
		putIfPresent(person, "last_name", contact.getLastName());
		putIfPresent(person, "email", contact.getEmail());
		putIfPresent(person, "phone", contact.getPhone());
		putIfPresent(person, "external_id", contact.getExternalId());
		putIfPresent(person, "locale", contact.getLocale());
		putIfPresent(person, "timezone", (contact.getTimezone() != null) ? contact.getTimezone().getId() : null);
		person.put("attributes", new LinkedHashMap<>(contact.getAttributes()));
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("contact", person);
		variables.put("store", (store != null) ? store(store) : Map.of());
		variables.put("opt_out", OPT_OUT_LINE);
		return variables;
	}

	/** The contact id sample previews use; no contact has it. */
	static final java.util.UUID SAMPLE_CONTACT = new java.util.UUID(0, 0);

	/** A made-up recipient for previews in a tenant without contacts. */
	static Map<String, Object> sample(@Nullable Store store) {
		Map<String, Object> person = new LinkedHashMap<>();
		person.put("first_name", "Alex");
		person.put("last_name", "Sample");
		person.put("email", "alex@example.com");
		person.put("attributes", new LinkedHashMap<>());
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("contact", person);
		variables.put("store", (store != null) ? store(store) : Map.of());
		variables.put("opt_out", OPT_OUT_LINE);
		return variables;
	}

	/**
	 * Sample values for every name, to find names that can never resolve; any attribute
	 * key resolves.
	 */
	static Map<String, Object> all() {
		Map<String, Object> person = new LinkedHashMap<>();
		CONTACT_FIELDS.forEach((field) -> person.put(field, "sample"));
		person.put("attributes", new AnyKey());
		Map<String, Object> store = new LinkedHashMap<>();
		STORE_FIELDS.forEach((field) -> store.put(field, "sample"));
		return Map.of("contact", person, "store", store, "opt_out", OPT_OUT_LINE, "unsubscribe_url",
				"https://example.com/u/sample", "preferences_url", "https://example.com/p/sample");
	}

	/** The known name closest to a mistyped one, when one is close enough to suggest. */
	static @Nullable String closest(String unknown) {
		return names().stream()
			.filter((name) -> !name.endsWith("<key>"))
			.min(Comparator.comparingInt((String name) -> distance(unknown, name)))
			.filter((name) -> distance(unknown, name) <= Math.max(2, name.length() / 4))
			.orElse(null);
	}

	/**
	 * A store's postal address on one line, for the footer of marketing email:
	 * {@code name, street, city, region postal code, country}.
	 */
	public static String postalAddress(StoreDetails details) {
		StringBuilder address = new StringBuilder(details.name()).append(", ").append(details.addressLine1());
		if (details.addressLine2() != null && !details.addressLine2().isBlank()) {
			address.append(", ").append(details.addressLine2());
		}
		address.append(", ").append(details.city()).append(", ");
		if (details.region() != null && !details.region().isBlank()) {
			address.append(details.region()).append(' ');
		}
		return address.append(details.postalCode()).append(", ").append(details.country()).toString();
	}

	private static Map<String, Object> store(Store store) {
		StoreDetails details = store.getDetails();
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("name", details.name());
		values.put("city", details.city());
		putIfPresent(values, "region", details.region());
		values.put("postal_code", details.postalCode());
		values.put("country", details.country());
		values.put("address", details.addressLine1()
				+ ((details.addressLine2() != null) ? ", " + details.addressLine2() : "") + ", " + details.city());
		values.put("timezone", details.timezone().getId());
		return values;
	}

	private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	// Levenshtein distance; names are short
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/** A map that has every key: attribute names are the tenant's own. */
	private static final class AnyKey extends AbstractMap<String, Object> {

		@Override
		public boolean containsKey(Object key) {
			return true;
		}

		@Override
		public Object get(Object key) {
			return "sample";
		}

		@Override
		public Set<Entry<String, Object>> entrySet() {
			return Set.of();
		}

	}

}
