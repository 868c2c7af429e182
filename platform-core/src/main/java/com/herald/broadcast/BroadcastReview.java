package com.herald.broadcast;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.herald.consent.Channel;

/**
 * What launching now would do, for the review step.
 *
 * @param matched contacts the audience matches (in the author's store scope)
 * @param excluded how many of them would get nothing, and why
 * @param estimated how many deliveries it would create
 * @param estimatedCostMicros estimated × the unit cost, in millionths
 * @param estimatedDuration how long a rate-limited window takes to send (zero otherwise)
 * @param warnings things the author should know before launching
 * @param channels per channel, in the broadcast's order: who it reaches, who it cannot
 * and why, and the deliveries it would get
 */
public record BroadcastReview(long matched, Map<Exclusion, Long> excluded, long estimated, long estimatedCostMicros,
		Duration estimatedDuration, List<String> warnings, List<ChannelReview> channels) {

	public BroadcastReview {
		excluded = excluded.isEmpty() ? Map.of() : new EnumMap<>(excluded);
		warnings = List.copyOf(warnings);
		channels = List.copyOf(channels);
	}

	/**
	 * One channel's share of the review.
	 *
	 * @param channel the channel
	 * @param reachable matched contacts it can legally reach
	 * @param excluded matched contacts it cannot, by reason
	 * @param deliveries deliveries it would get (in fallback mode, only those no earlier
	 * channel reaches)
	 * @param estimatedCostMicros deliveries × the unit cost of a message on it
	 */
	public record ChannelReview(Channel channel, long reachable, Map<Exclusion, Long> excluded, long deliveries,
			long estimatedCostMicros) {

		public ChannelReview {
			excluded = excluded.isEmpty() ? Map.of() : new EnumMap<>(excluded);
		}

		public long excludedCount() {
			return this.excluded.values().stream().mapToLong(Long::longValue).sum();
		}

	}

	/** Why a matched contact gets no delivery. */
	public enum Exclusion {

		INVALID_ADDRESS, SUPPRESSED, OPTED_OUT, NO_CONSENT, CATEGORY_OPTED_OUT, PAUSED, FREQUENCY_CAP;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Exclusion fromKey(String key) {
			return valueOf(key.toUpperCase(Locale.ROOT));
		}

	}

}
