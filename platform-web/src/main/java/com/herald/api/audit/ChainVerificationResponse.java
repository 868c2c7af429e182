package com.herald.api.audit;

import org.jspecify.annotations.Nullable;

import com.herald.audit.ChainVerification;

/**
 * The outcome of a chain check.
 *
 * @param intact whether every link holds
 * @param eventsChecked events examined, up to and including the first broken one
 * @param brokenSeq the first broken event, if any
 * @param reason why it is broken: {@code HASH_MISMATCH}, {@code PREV_HASH_MISMATCH} or
 * {@code SEQ_GAP}
 * @param message the same, in words
 */
record ChainVerificationResponse(boolean intact, long eventsChecked, @Nullable Long brokenSeq, @Nullable String reason,
		String message) {

	static ChainVerificationResponse of(ChainVerification result) {
		ChainVerification.Break broken = result.firstBreak();
		if (broken == null) {
			return new ChainVerificationResponse(true, result.eventsChecked(), null, null,
					"The audit chain is intact: " + result.eventsChecked() + " events checked.");
		}
		return new ChainVerificationResponse(false, result.eventsChecked(), broken.seq(), broken.reason().name(),
				"The audit chain is broken at " + broken.description() + ".");
	}

}
