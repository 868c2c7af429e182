package com.herald.audience;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import com.herald.consent.Channel;

/**
 * How many contacts an audience matches, and how many of those could legally be sent a
 * promotional message on each channel.
 *
 * @param matched contacts matching the criteria
 * @param reachable per channel, the matched contacts with an address that is not
 * suppressed, an opt-in and no opt-out of promotional messages on it
 */
public record AudienceCounts(long matched, Map<Channel, Long> reachable) {

	public AudienceCounts {
		reachable = Collections.unmodifiableMap(new EnumMap<>(reachable));
	}

	public long reachable(Channel channel) {
		return this.reachable.getOrDefault(channel, 0L);
	}

}
