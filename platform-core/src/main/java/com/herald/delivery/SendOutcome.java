package com.herald.delivery;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.herald.channel.SendResult;

/**
 * What became of one claimed delivery, as the worker decided it.
 *
 * @param delivery the claimed delivery
 * @param result what the provider said; {@code null} when the worker did not try (the
 * provider's circuit breaker was open)
 * @param retryAt for retries (and untried sends), when to try again; {@code null} when
 * attempts are exhausted, which makes it a dead letter
 * @param segments the segments of the message as rendered (0 where the channel has none)
 * @param costMicros what the message costs once the provider takes it, in millionths of
 * the tenant's currency
 */
public record SendOutcome(ClaimedDelivery delivery, @Nullable SendResult result, @Nullable Instant retryAt,
		int segments, long costMicros) {

	/** An outcome of a message that costs nothing (or was never rendered). */
	public SendOutcome(ClaimedDelivery delivery, @Nullable SendResult result, @Nullable Instant retryAt) {
		this(delivery, result, retryAt, 0, 0);
	}

}
