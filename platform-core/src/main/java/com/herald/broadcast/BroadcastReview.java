package com.herald.broadcast;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What launching now would do, for the review step.
 *
 * @param matched contacts the audience matches (in the author's store scope)
 * @param excluded how many of them would get nothing, and why
 * @param estimated how many deliveries it would create
 * @param estimatedCostMicros estimated × the unit cost, in millionths
 * @param estimatedDuration how long a rate-limited window takes to send (zero otherwise)
 * @param warnings things the author should know before launching
 */
public record BroadcastReview(long matched, Map<Exclusion, Long> excluded, long estimated, long estimatedCostMicros,
		Duration estimatedDuration, List<String> warnings) {

	public BroadcastReview {
		excluded = excluded.isEmpty() ? Map.of() : new EnumMap<>(excluded);
		warnings = List.copyOf(warnings);
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
