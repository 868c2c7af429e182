package com.herald.contact;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What an upsert did with one item.
 *
 * @param index the item's position in the batch (0 for a single upsert)
 * @param outcome created, updated, unchanged, rejected or in conflict
 * @param contactId the contact created or updated; {@code null} when rejected
 * @param errors why it was rejected or conflicts, per field ({@code phone},
 * {@code email}, {@code identifier}, {@code storeId}…); empty otherwise
 */
public record UpsertResult(int index, Outcome outcome, @Nullable ContactId contactId, Map<String, String> errors) {

	public UpsertResult {
		errors = Map.copyOf(errors);
	}

	/** What happened to an item. */
	public enum Outcome {

		/** A new contact. */
		CREATED,
		/** An existing contact, changed. */
		UPDATED,
		/** An existing contact that already held exactly this. */
		UNCHANGED,
		/**
		 * Nothing written: invalid values, no identifier, or a contact outside the
		 * actor's stores.
		 */
		REJECTED,
		/**
		 * Nothing written: its identifiers belong to different contacts. Never merged
		 * silently; {@link ContactService#merge merge} them if they are one person.
		 */
		CONFLICT

	}

	static UpsertResult done(int index, Outcome outcome, ContactId id) {
		return new UpsertResult(index, outcome, id, Map.of());
	}

	static UpsertResult rejected(int index, Map<String, String> errors) {
		return new UpsertResult(index, Outcome.REJECTED, null, errors);
	}

	static UpsertResult conflict(int index, Map<String, String> errors) {
		return new UpsertResult(index, Outcome.CONFLICT, null, errors);
	}

	public boolean isRejected() {
		return this.outcome == Outcome.REJECTED || this.outcome == Outcome.CONFLICT;
	}

	/** The reasons in one line, for a rejects file. */
	public String reason() {
		return String.join("; ", this.errors.values());
	}

}
