package com.herald.web.contact;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import com.herald.contact.Contact;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactPatch;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.StoreId;

/**
 * The contact form, as typed: kept as text so a refused form shows exactly what was
 * entered. Tags are comma separated; attributes are {@code key=value} lines.
 */
record ContactForm(@Nullable String firstName, @Nullable String lastName, @Nullable String email,
		@Nullable String phone, @Nullable String locale, @Nullable String timezone, @Nullable String storeId,
		@Nullable String tags, @Nullable String attributes) {

	static ContactForm empty() {
		return new ContactForm("", "", "", "", "", "", "", "", "");
	}

	static ContactForm of(Contact contact) {
		return new ContactForm(contact.getFirstName(), contact.getLastName(), contact.getEmail(), contact.getPhone(),
				contact.getLocale(), (contact.getTimezone() != null) ? contact.getTimezone().getId() : "",
				(contact.getStoreId() != null) ? contact.getStoreId().toString() : "",
				String.join(", ", contact.getTags()),
				contact.getAttributes()
					.entrySet()
					.stream()
					.map((entry) -> entry.getKey() + "=" + entry.getValue())
					.collect(Collectors.joining("\n")));
	}

	ContactDraft toDraft() {
		ContactDraft.Builder draft = ContactDraft.builder()
			.firstName(blankToNull(this.firstName))
			.lastName(blankToNull(this.lastName))
			.email(blankToNull(this.email))
			.phone(blankToNull(this.phone))
			.locale(blankToNull(this.locale))
			.timezone(blankToNull(this.timezone))
			.storeId(store())
			.tags(tagSet())
			.attributes(attributeMap());
		return draft.build();
	}

	/**
	 * A patch that sets every field of the form; attributes no longer listed are removed,
	 * and unchanged ones are left as they are (so a number stays a number).
	 */
	ContactPatch toPatch(Contact current) {
		ContactPatch.Builder patch = ContactPatch.builder()
			.firstName(blankToNull(this.firstName))
			.lastName(blankToNull(this.lastName))
			.email(blankToNull(this.email))
			.phone(blankToNull(this.phone))
			.locale(blankToNull(this.locale))
			.timezone(blankToNull(this.timezone))
			.storeId(store())
			.tags(tagSet());
		Map<String, String> typed = attributeMap();
		current.getAttributes().forEach((key, value) -> {
			if (!typed.containsKey(key)) {
				patch.attribute(key, null);
			}
		});
		typed.forEach((key, value) -> {
			Object before = current.getAttributes().get(key);
			if (before == null || !Objects.toString(before).equals(value)) {
				patch.attribute(key, value);
			}
		});
		return patch.build();
	}

	private @Nullable StoreId store() {
		String value = blankToNull(this.storeId);
		if (value == null) {
			return null;
		}
		try {
			return new StoreId(UUID.fromString(value));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("storeId", "Choose one of the stores");
		}
	}

	Set<String> tagSet() {
		return Arrays.stream(Objects.toString(this.tags, "").split(","))
			.map(String::strip)
			.filter((tag) -> !tag.isEmpty())
			.collect(Collectors.toCollection(LinkedHashSet::new));
	}

	Map<String, String> attributeMap() {
		Map<String, String> values = new LinkedHashMap<>();
		String[] lines = Objects.toString(this.attributes, "").split("\\R");
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty()) {
				continue;
			}
			int equals = line.indexOf('=');
			if (equals <= 0) {
				throw new InvalidInputException("attributes",
						"Line " + (i + 1) + ": write each attribute as key=value, like lead_source=web");
			}
			values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
		}
		return values;
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
