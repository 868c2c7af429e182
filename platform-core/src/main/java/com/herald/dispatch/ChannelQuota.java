package com.herald.dispatch;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;

/**
 * A tenant's send quota on one channel: its own limits (null where it uses the platform's
 * default) and the limits in force.
 *
 * @param channel the channel
 * @param perSecond the tenant's sends per second, or null
 * @param perMinute the tenant's sends per minute, or null
 * @param perDay the tenant's sends per day, or null
 * @param effectivePerSecond per second in force (null: unlimited)
 * @param effectivePerMinute per minute in force (null: unlimited)
 * @param effectivePerDay per day in force (null: unlimited)
 * @param updatedAt when the tenant last changed it, or null
 */
public record ChannelQuota(Channel channel, @Nullable Long perSecond, @Nullable Long perMinute, @Nullable Long perDay,
		@Nullable Long effectivePerSecond, @Nullable Long effectivePerMinute, @Nullable Long effectivePerDay,
		@Nullable Instant updatedAt) {

	/**
	 * The most sends per second a tenant may be allowed (a sanity bound, not a promise).
	 */
	public static final long MAX_PER_SECOND = 100_000;

	public static final long MAX_PER_MINUTE = 60 * MAX_PER_SECOND;

	/** Stored as an integer. */
	public static final long MAX_PER_DAY = Integer.MAX_VALUE;

}
