package com.herald.consent;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An address that must not be messaged on a channel, whatever its contact's consent.
 *
 * @param id the suppression
 * @param channel the channel
 * @param address E.164 phone (sms, whatsapp), lowercase email, or push token
 * @param reason why
 * @param note free text from whoever added it
 * @param createdAt when
 * @param actorLabel who added it
 */
public record Suppression(UUID id, Channel channel, String address, SuppressionReason reason, @Nullable String note,
		Instant createdAt, @Nullable String actorLabel) {

}
