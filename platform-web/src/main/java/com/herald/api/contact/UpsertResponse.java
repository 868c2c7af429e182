package com.herald.api.contact;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.contact.UpsertResult;

/**
 * What an upsert did with one item.
 *
 * @param index the item's position in the batch (0 for a single upsert)
 * @param outcome {@code CREATED}, {@code UPDATED}, {@code UNCHANGED}, {@code REJECTED}
 * (invalid values) or {@code CONFLICT} (its identifiers belong to different contacts)
 * @param contactId the contact created or updated; {@code null} when rejected or in
 * conflict
 * @param errors why, per field; empty when written
 */
public record UpsertResponse(int index, String outcome, @Nullable UUID contactId, Map<String, String> errors) {

	static UpsertResponse of(UpsertResult result) {
		return new UpsertResponse(result.index(), result.outcome().name(),
				(result.contactId() != null) ? result.contactId().value() : null, new TreeMap<>(result.errors()));
	}

}
