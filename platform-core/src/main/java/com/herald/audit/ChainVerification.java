package com.herald.audit;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of walking an audit chain from its first event.
 *
 * @param chain the chain walked: a tenant's id, or {@link AuditChains#PLATFORM}
 * @param eventsChecked events examined, up to and including the first broken one
 * @param lastSeq the last intact event's seq (0 when none)
 * @param firstBreak the first broken link, or {@code null} when the chain is intact
 */
public record ChainVerification(UUID chain, long eventsChecked, long lastSeq, @Nullable Break firstBreak) {

	public boolean intact() {
		return this.firstBreak == null;
	}

	/**
	 * Where and why the chain breaks.
	 *
	 * @param seq the first event that does not fit
	 * @param reason what is wrong with it
	 */
	public record Break(long seq, Reason reason) {

		public String description() {
			return "event " + this.seq + ": " + this.reason.description();
		}

	}

	/** Ways a link can break. */
	public enum Reason {

		/** The event's content no longer hashes to its stored hash: it was changed. */
		HASH_MISMATCH("its content does not match its hash (changed after it was written)"),

		/**
		 * The event's {@code prev_hash} is not the previous event's hash: an event before
		 * it was changed and re-hashed, or replaced.
		 */
		PREV_HASH_MISMATCH("its link to the previous event does not match (an earlier event was replaced)"),

		/** A sequence number is missing before this event: events were removed. */
		SEQ_GAP("events are missing before it (gap in the sequence)");

		private final String description;

		Reason(String description) {
			this.description = description;
		}

		public String description() {
			return this.description;
		}

	}

}
