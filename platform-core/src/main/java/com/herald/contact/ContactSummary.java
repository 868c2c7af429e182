package com.herald.contact;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.StoreId;

/**
 * One row of the contact list.
 *
 * @param id the contact
 * @param externalId id in the tenant's own system
 * @param firstName first name
 * @param lastName last name
 * @param email email
 * @param phone E.164 phone
 * @param storeId store
 * @param tags tags, sorted
 * @param createdAt when created
 * @param updatedAt when last changed
 */
public record ContactSummary(ContactId id, @Nullable String externalId, @Nullable String firstName,
		@Nullable String lastName, @Nullable String email, @Nullable String phone, @Nullable StoreId storeId,
		Set<String> tags, Instant createdAt, Instant updatedAt) {

	public ContactSummary {
		tags = Collections.unmodifiableSortedSet(new TreeSet<>(tags));
	}

}
