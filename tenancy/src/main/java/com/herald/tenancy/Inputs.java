package com.herald.tenancy;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Checks shared by the services: each returns the cleaned value or throws
 * {@link InvalidInputException}.
 */
final class Inputs {

	// Deliberately plain: one @, no spaces, a dot in the domain. Full RFC 5322 accepts
	// things no mailbox uses.
	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

	private static final Pattern SLUG = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

	private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

	private Inputs() {
	}

	static String email(String field, @Nullable String value) {
		String email = (value != null) ? value.strip().toLowerCase(Locale.ROOT) : "";
		if (email.length() > 320 || !EMAIL.matcher(email).matches()) {
			throw new InvalidInputException(field, "Enter a valid email address, like name@example.com");
		}
		return email;
	}

	static String slug(String field, @Nullable String value) {
		String slug = (value != null) ? value.strip() : "";
		if (!SLUG.matcher(slug).matches()) {
			throw new InvalidInputException(field,
					"Use 1 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit");
		}
		return slug;
	}

	static String text(String field, @Nullable String value, int maxLength) {
		String text = (value != null) ? value.strip() : "";
		if (text.isEmpty()) {
			throw new InvalidInputException(field, "This field is required");
		}
		if (text.length() > maxLength) {
			throw new InvalidInputException(field, "Use at most " + maxLength + " characters");
		}
		return text;
	}

	static @Nullable String optionalText(String field, @Nullable String value, int maxLength) {
		String text = (value != null) ? value.strip() : "";
		if (text.isEmpty()) {
			return null;
		}
		return text(field, text, maxLength);
	}

	static String country(String field, @Nullable String value) {
		String code = (value != null) ? value.strip().toUpperCase(Locale.ROOT) : "";
		if (!COUNTRIES.contains(code)) {
			throw new InvalidInputException(field, "Use a two-letter ISO country code, like US or ES");
		}
		return code;
	}

	/** Password rules: long enough to resist guessing, and not the email itself. */
	static String password(String field, @Nullable String value, String email) {
		String password = (value != null) ? value : "";
		if (password.length() < 12) {
			throw new InvalidInputException(field, "Use at least 12 characters");
		}
		if (password.length() > 128) {
			throw new InvalidInputException(field, "Use at most 128 characters");
		}
		if (password.equalsIgnoreCase(email)) {
			throw new InvalidInputException(field, "Do not use your email address as your password");
		}
		return password;
	}

}
