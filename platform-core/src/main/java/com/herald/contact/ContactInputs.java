package com.herald.contact;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.ZoneId;
import java.util.Collection;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.InvalidInputException;

/**
 * The rules for contact fields, shared by the service, the CSV import and the API. Each
 * method returns the cleaned value or throws {@link InvalidInputException} naming the
 * field; none throws anything else, whatever the input.
 */
public final class ContactInputs {

	/** Attribute keys: snake_case, starting with a letter, at most 63 characters. */
	public static final Pattern KEY = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

	public static final int MAX_TAG_LENGTH = 64;

	public static final int MAX_TAGS = 100;

	public static final int MAX_ATTRIBUTES = 200;

	public static final int MAX_ATTRIBUTE_TEXT = 2000;

	// Deliberately plain: one @, no spaces, a dot in the domain (as tenancy's rule).
	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

	// Control characters (NUL among them) are refused everywhere: PostgreSQL cannot
	// store NUL in text or jsonb, and the others are never meant.
	private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

	private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());

	private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

	private static final Map<String, String> ZONES = ZoneId.getAvailableZoneIds()
		.stream()
		.collect(Collectors.toUnmodifiableMap((id) -> id.toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> a));

	private ContactInputs() {
	}

	/** A required email, lowercased. */
	public static String email(String field, @Nullable String value) {
		String email = (value != null) ? value.strip().toLowerCase(Locale.ROOT) : "";
		if (email.length() > 320 || !EMAIL.matcher(email).matches() || CONTROL.matcher(email).find()) {
			throw new InvalidInputException(field, "Enter a valid email address, like name@example.com");
		}
		return email;
	}

	/** An optional email: blank gives {@code null}. */
	public static @Nullable String optionalEmail(String field, @Nullable String value) {
		return isBlank(value) ? null : email(field, value);
	}

	/**
	 * An optional BCP 47 language tag ({@code en-US}, {@code es}), returned in its
	 * canonical form.
	 */
	public static @Nullable String locale(String field, @Nullable String value) {
		if (isBlank(value)) {
			return null;
		}
		String tag = value.strip();
		if (tag.length() > 35) {
			throw invalidLocale(field);
		}
		Locale locale;
		try {
			locale = new Locale.Builder().setLanguageTag(tag).build();
		}
		catch (IllformedLocaleException ex) {
			throw invalidLocale(field);
		}
		// well-formed is not enough ("english" is a well-formed tag): the language must
		// be
		// an ISO 639 code, the region (if any) an ISO 3166 one or a UN M.49 number
		String language = locale.getLanguage();
		if (language.length() == 2 ? !LANGUAGES.contains(language) : language.length() != 3) {
			throw invalidLocale(field);
		}
		String region = locale.getCountry();
		if (!region.isEmpty() && !COUNTRIES.contains(region) && !region.matches("[0-9]{3}")) {
			throw invalidLocale(field);
		}
		return locale.toLanguageTag();
	}

	/**
	 * An optional IANA time zone ({@code America/New_York}); case-insensitive, returned
	 * as the zone's canonical id. Fixed offsets are refused: they ignore daylight saving.
	 */
	public static @Nullable ZoneId timezone(String field, @Nullable String value) {
		if (isBlank(value)) {
			return null;
		}
		String id = ZONES.get(value.strip().toLowerCase(Locale.ROOT));
		if (id == null) {
			throw new InvalidInputException(field, "Use an IANA time zone, like America/New_York");
		}
		return ZoneId.of(id);
	}

	/** Optional free text: stripped, blank gives {@code null}. */
	public static @Nullable String text(String field, @Nullable String value, int maxLength) {
		if (isBlank(value)) {
			return null;
		}
		String text = value.strip();
		if (text.length() > maxLength) {
			throw new InvalidInputException(field, "Use at most " + maxLength + " characters");
		}
		if (CONTROL.matcher(text).find()) {
			throw new InvalidInputException(field, "Remove control characters such as line breaks");
		}
		return text;
	}

	/**
	 * An attribute key, as given (keys are not rewritten, so imports map predictably).
	 */
	public static String attributeKey(String field, @Nullable String key) {
		if (key == null || !KEY.matcher(key).matches()) {
			throw new InvalidInputException(field,
					"Use lowercase letters, digits and underscores, starting with a letter (at most 63)");
		}
		return key;
	}

	/**
	 * Attributes: keys per {@link #attributeKey}, values text, numbers or true/false. A
	 * {@code null} value is kept (it means "remove this attribute" in a change).
	 */
	public static Map<String, @Nullable Object> attributes(String field, @Nullable Map<String, ?> attributes) {
		if (attributes == null || attributes.isEmpty()) {
			return Map.of();
		}
		if (attributes.size() > MAX_ATTRIBUTES) {
			throw new InvalidInputException(field, "Use at most " + MAX_ATTRIBUTES + " attributes");
		}
		Map<String, @Nullable Object> clean = new LinkedHashMap<>();
		for (Map.Entry<String, ?> entry : attributes.entrySet()) {
			String key = attributeKey(field + "." + entry.getKey(), entry.getKey());
			clean.put(key, attributeValue(field + "." + key, entry.getValue()));
		}
		return clean;
	}

	/** Tags: trimmed, lowercased, deduplicated and sorted. */
	public static Set<String> tags(String field, @Nullable Collection<String> tags) {
		if (tags == null || tags.isEmpty()) {
			return Set.of();
		}
		Set<String> clean = new TreeSet<>();
		for (String tag : tags) {
			clean.add(tag(field, tag));
		}
		if (clean.size() > MAX_TAGS) {
			throw new InvalidInputException(field, "Use at most " + MAX_TAGS + " tags");
		}
		return clean;
	}

	/** One tag: trimmed and lowercased, 1 to 64 characters, no commas. */
	public static String tag(String field, @Nullable String value) {
		String tag = (value != null) ? value.strip().toLowerCase(Locale.ROOT) : "";
		if (tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
			throw new InvalidInputException(field, "Use tags of 1 to " + MAX_TAG_LENGTH + " characters");
		}
		if (tag.indexOf(',') >= 0 || CONTROL.matcher(tag).find()) {
			throw new InvalidInputException(field, "Tags cannot contain commas or control characters");
		}
		return tag;
	}

	private static @Nullable Object attributeValue(String field, @Nullable Object value) {
		if (value == null || value instanceof Boolean) {
			return value;
		}
		if (value instanceof CharSequence chars) {
			String text = chars.toString();
			if (text.length() > MAX_ATTRIBUTE_TEXT) {
				throw new InvalidInputException(field, "Use at most " + MAX_ATTRIBUTE_TEXT + " characters");
			}
			if (text.indexOf('\0') >= 0) {
				throw new InvalidInputException(field, "Remove NUL characters");
			}
			return text;
		}
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			return value;
		}
		// PostgreSQL's numeric stops far beyond any real attribute, but not beyond every
		// BigDecimal
		if (value instanceof BigInteger big) {
			if (big.bitLength() > 330) {
				throw new InvalidInputException(field, "Use a number with at most 100 digits");
			}
			return value;
		}
		if (value instanceof BigDecimal big) {
			if (big.precision() - big.scale() > 100 || big.scale() > 100) {
				throw new InvalidInputException(field,
						"Use a number with at most 100 digits on each side of the point");
			}
			return value;
		}
		if (value instanceof Double || value instanceof Float) {
			double number = ((Number) value).doubleValue();
			if (!Double.isFinite(number)) {
				throw new InvalidInputException(field, "Use a finite number");
			}
			return value;
		}
		throw new InvalidInputException(field, "Use text, a number or true/false");
	}

	private static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	private static InvalidInputException invalidLocale(String field) {
		return new InvalidInputException(field, "Use a language tag, like en, en-US or es-MX");
	}

}
