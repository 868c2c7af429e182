package com.herald.channel;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;

/**
 * A message a contact sent to a tenant's number (a reply, STOP, HELP).
 *
 * @param channel the channel it came in on
 * @param from the sender's address (E.164 for SMS, without the {@code whatsapp:} prefix)
 * @param to the tenant's address it was sent to
 * @param body the text
 * @param providerMessageId the provider's id for it
 * @param providerOptOutType the provider's own keyword classification when it sends one
 * (Twilio's {@code OptOutType}: STOP, START, HELP)
 * @param receivedAt when it arrived
 */
public record InboundMessage(Channel channel, String from, String to, String body, String providerMessageId,
		@Nullable String providerOptOutType, Instant receivedAt) {
}
