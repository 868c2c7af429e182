package com.herald.channel;

import java.time.Duration;

/**
 * A provider account's sending rate: {@code permits} messages per {@code period} (Twilio
 * long codes: 1 per second).
 *
 * @param permits messages allowed per period
 * @param period the period
 */
public record RateLimit(long permits, Duration period) {

	public RateLimit {
		if (permits <= 0 || period.isNegative() || period.isZero()) {
			throw new IllegalArgumentException("A rate limit needs positive permits and period");
		}
	}

	public static RateLimit perSecond(long permits) {
		return new RateLimit(permits, Duration.ofSeconds(1));
	}

}
