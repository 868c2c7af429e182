package com.herald.api.audience;

import java.util.LinkedHashMap;
import java.util.Map;

import com.herald.audience.AudienceCounts;
import com.herald.consent.Channel;

/**
 * How many contacts an audience matches now, and how many of them could legally be sent a
 * promotional message on each channel.
 *
 * @param matched contacts matching (for store managers: of their stores)
 * @param reachable per channel key ({@code sms}, {@code whatsapp}, {@code email},
 * {@code push})
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
