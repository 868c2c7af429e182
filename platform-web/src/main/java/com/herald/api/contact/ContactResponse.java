package com.herald.api.contact;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.contact.Contact;

/**
 * A contact.
 *
 * @param id the contact
 * @param externalId id in the tenant's own system
 * @param firstName first name
 * @param lastName last name
 * @param email email
 * @param phone E.164 phone
 * @param locale BCP 47 language tag
 * @param timezone IANA time zone
 * @param storeId store
 * @param attributes free attributes
 * @param tags tags, sorted
 * @param createdAt when created
 * @param updatedAt when last changed
 */
public record ContactResponse(UUID id, @Nullable String externalId, @Nullable String firstName,
		@Nullable String lastName, @Nullable String email, @Nullable String phone, @Nullable String locale,
		@Nullable String timezone, @Nullable UUID storeId, Map<String, Object> attributes, List<String> tags,
		Instant createdAt, Instant updatedAt) {

	static ContactResponse of(Contact contact) {
		return new ContactResponse(contact.getId().value(), contact.getExternalId(), contact.getFirstName(),
				contact.getLastName(), contact.getEmail(), contact.getPhone(), contact.getLocale(),
				(contact.getTimezone() != null) ? contact.getTimezone().getId() : null,
				(contact.getStoreId() != null) ? contact.getStoreId().value() : null,
				new TreeMap<>(contact.getAttributes()), List.copyOf(new TreeSet<>(contact.getTags())),
				contact.getCreatedAt(), contact.getUpdatedAt());
	}

}
