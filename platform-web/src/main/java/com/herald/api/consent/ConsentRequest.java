package com.herald.api.consent;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A change of a contact's consent on a channel, with its evidence.
 *
 * @param channel {@code sms}, {@code whatsapp}, {@code email} or {@code push}
 * @param status {@code opted_in} or {@code opted_out}
 * @param source {@code import}, {@code form}, {@code keyword}, {@code api} or
 * {@code admin}; {@code api} when missing
 * @param wording the exact text the contact agreed to (required to opt in)
 * @param ip the contact's IP address, when known
 * @param userAgent the contact's user agent, when known
 * @param occurredAt when the contact gave or withdrew consent; now when missing
 */
public record ConsentRequest(@Nullable String channel, @Nullable String status, @Nullable String source,
		@Nullable String wording, @Nullable String ip, @Nullable String userAgent, @Nullable Instant occurredAt) {

}
