package com.herald.consent;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import com.herald.contact.ContactId;

/**
 * What a contact chose about how Herald reaches them.
 *
 * @param contactId whose
 * @param categories per channel, per category: opted in ({@code true}) or out; a category
 * not listed has no explicit choice
 * @param quietHours local times (in the contact's timezone) to leave them alone, if set
 * @param frequencyCap most promotional messages per period, if set
 * @param pausedUntil until when the contact gets nothing but transactional messages, if
 * they asked for a break (may lie in the past: the pause is over)
 */
public record ContactPreferences(ContactId contactId, Map<Channel, Map<String, Boolean>> categories,
		@Nullable QuietHours quietHours, @Nullable FrequencyCap frequencyCap, @Nullable Instant pausedUntil) {

	public ContactPreferences {
		Map<Channel, Map<String, Boolean>> copy = new EnumMap<>(Channel.class);
		categories
			.forEach((channel, choices) -> copy.put(channel, Collections.unmodifiableMap(new TreeMap<>(choices))));
		categories = Collections.unmodifiableMap(copy);
	}

	/** Whether the contact's pause is on at {@code at}. */
	public boolean pausedAt(Instant at) {
		return this.pausedUntil != null && this.pausedUntil.isAfter(at);
	}

	/** The explicit choice for a category on a channel, if the contact made one. */
	public Optional<Boolean> choice(Channel channel, String category) {
		return Optional.ofNullable(this.categories.getOrDefault(channel, Map.of()).get(category));
	}

}
