package com.herald.broadcast;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;
import com.herald.tenancy.InvalidInputException;

/**
 * Which dead letters to list or retry; every field is optional.
 *
 * @param broadcastId of this broadcast only
 * @param channel on this channel only
 * @param errorCode with this provider error code only
 * @param from failed at or after
 * @param to failed before
 * @param search a prefix of the address or of the contact's first or last name
 */
public record DeadLetterFilter(@Nullable UUID broadcastId, @Nullable Channel channel, @Nullable String errorCode,
		@Nullable Instant from, @Nullable Instant to, @Nullable String search) {

	public DeadLetterFilter {
		if (from != null && to != null && !to.isAfter(from)) {
			throw new InvalidInputException("to", "End the date range after its start");
		}
	}

	public static DeadLetterFilter all() {
		return new DeadLetterFilter(null, null, null, null, null, null);
	}

}
