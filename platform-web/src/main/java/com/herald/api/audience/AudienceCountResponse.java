package com.herald.api.audience;

import java.util.LinkedHashMap;
import java.util.Map;

import com.herald.audience.AudienceCounts;
import com.herald.consent.Channel;

/**
 * How many of the caller's visible contacts an audience matches, and how many of those
 * could be sent a promotional message now on each channel (an address, not suppressed,
 * opted in, not opted out of promotional messages).
 *
 * @param matched contacts matching the criteria
 * @param reachable per channel key ({@code sms}, {@code whatsapp}, {@code email},
 * {@code push}), the reachable matched contacts
 */
public record AudienceCountResponse(long matched, Map<String, Long> reachable) {

	static AudienceCountResponse of(AudienceCounts counts) {
		Map<String, Long> reachable = new LinkedHashMap<>();
		for (Channel channel : Channel.values()) {
			reachable.put(channel.key(), counts.reachable(channel));
		}
		return new AudienceCountResponse(counts.matched(), reachable);
	}

}
