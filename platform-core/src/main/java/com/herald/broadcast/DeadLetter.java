package com.herald.broadcast;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;

/**
 * A delivery that could not be sent, as the dead-letter list shows it.
 *
 * @param deliveryId the delivery
 * @param broadcastId its broadcast
 * @param broadcastName the broadcast's name
 * @param channel the channel it was for
 * @param contactId the contact
 * @param name the contact's name, if any
 * @param address where it was to go
 * @param attempts send attempts made
 * @param errorCode the provider's error code, if any
 * @param errorMessage the error
 * @param failedAt when it failed
 */
public record DeadLetter(UUID deliveryId, UUID broadcastId, String broadcastName, Channel channel, UUID contactId,
		@Nullable String name, String address, int attempts, @Nullable String errorCode, @Nullable String errorMessage,
		Instant failedAt) {
}
