package com.herald.api.contact;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.contact.ContactSlice;
import com.herald.contact.ContactSummary;

/**
 * One page of contacts, newest first. Keyset pagination: pass {@code nextCursor} as
 * {@code cursor} for the following page; it is {@code null} on the last page.
 *
 * @param items the contacts
 * @param limit the most items a page holds
 * @param nextCursor where the next page starts, or {@code null}
 */
public record ContactListResponse(List<Item> items, int limit, @Nullable String nextCursor) {

	static ContactListResponse of(ContactSlice slice, int limit) {
		return new ContactListResponse(slice.items().stream().map(Item::of).toList(), limit, slice.nextCursor());
	}

	/**
	 * One contact of the list (without attributes; get the contact for those).
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
	public record Item(UUID id, @Nullable String externalId, @Nullable String firstName, @Nullable String lastName,
			@Nullable String email, @Nullable String phone, @Nullable UUID storeId, List<String> tags,
			Instant createdAt, Instant updatedAt) {

		public static Item of(ContactSummary summary) {
			return new Item(summary.id().value(), summary.externalId(), summary.firstName(), summary.lastName(),
					summary.email(), summary.phone(), (summary.storeId() != null) ? summary.storeId().value() : null,
					List.copyOf(summary.tags()), summary.createdAt(), summary.updatedAt());
		}

	}

}
