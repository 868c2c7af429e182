package com.herald.imports;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The contact fields a column can be mapped to. */
public enum ImportField {

	EXTERNAL_ID("externalId", "External id"), FIRST_NAME("firstName", "First name"), LAST_NAME("lastName", "Last name"),
	EMAIL("email", "Email"), PHONE("phone", "Phone"), LOCALE("locale", "Locale"), TIMEZONE("timezone", "Time zone"),
	/** Several tags in one cell, separated by commas, semicolons or pipes. */
	TAGS("tags", "Tags");

	private final String key;

	private final String label;

	ImportField(String key, String label) {
		this.key = key;
		this.label = label;
	}

	public String key() {
		return this.key;
	}

	public String label() {
		return this.label;
	}

	public static Optional<ImportField> fromKey(String key) {
		return Arrays.stream(values()).filter((field) -> field.key.equalsIgnoreCase(key.strip())).findFirst();
	}

	/**
	 * The field a header most likely means ({@code E-mail} → email, {@code first_name} →
	 * first name), for the mapping form's first guess.
	 */
	public static Optional<ImportField> guess(String header) {
		String h = header.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
		return switch (h) {
			case "externalid", "id", "customerid", "crmid" -> Optional.of(EXTERNAL_ID);
			case "firstname", "first", "givenname", "name" -> Optional.of(FIRST_NAME);
			case "lastname", "last", "surname", "familyname" -> Optional.of(LAST_NAME);
			case "email", "emailaddress", "mail" -> Optional.of(EMAIL);
			case "phone", "phonenumber", "mobile", "cell", "mobilephone", "tel", "telephone" -> Optional.of(PHONE);
			case "locale", "language", "lang" -> Optional.of(LOCALE);
			case "timezone", "tz" -> Optional.of(TIMEZONE);
			case "tags", "tag", "labels" -> Optional.of(TAGS);
			default -> Optional.empty();
		};
	}

}
