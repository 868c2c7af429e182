package com.herald.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

import com.herald.consent.Channel;

/**
 * One channel's share of a broadcast, as the review, tracking page and API show it side
 * by side with the others.
 *
 * @param channel the channel
 * @param reachable matched recipients this channel can legally reach
 * @param excluded matched recipients it cannot, with {@code exclusions} saying why
 * @param exclusions how many it cannot reach, by reason key ({@code no_consent},
 * {@code invalid_address}, …)
 * @param total deliveries materialised on this channel
 * @param queued of them, not yet sent, failed or skipped
 * @param sent taken by the provider
 * @param delivered of those, confirmed delivered
 * @param undelivered of those, reported undelivered
 * @param pending sent with no receipt yet
 * @param failed dead letters
 * @param skipped dropped unsent
 * @param costMicros what was sent cost, in millionths
 * @param fellBack recipients whose delivery here failed for good and who were queued on a
 * later channel (fallback mode)
 * @param fallbacks of {@code total}, deliveries queued here by fallback from an earlier
 * channel
 */
public record ChannelStats(Channel channel, long reachable, long excluded, Map<String, Long> exclusions, long total,
		long queued, long sent, long delivered, long undelivered, long pending, long failed, long skipped,
		long costMicros, long fellBack, long fallbacks) {

	public ChannelStats {
		exclusions = new LinkedHashMap<>(exclusions);
	}

	/** A channel with nothing launched yet. */
	static ChannelStats empty(Channel channel) {
		return new ChannelStats(channel, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	}

}
