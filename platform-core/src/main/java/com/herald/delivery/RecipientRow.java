package com.herald.delivery;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One delivery as the per-recipient table shows it.
 *
 * @param deliveryId the delivery
 * @param contactId the contact
 * @param name the contact's name, if any (blank once erased)
 * @param address where it went
 * @param state where it stands
 * @param attempts send attempts so far
 * @param errorCode the provider's error code, for failures
 * @param errorMessage the error, for failures
 * @param notBefore the earliest send time
 * @param sentAt when the provider took it
 * @param updatedAt last change
 */
public record RecipientRow(UUID deliveryId, UUID contactId, @Nullable String name, String address, DeliveryState state,
		int attempts, @Nullable String errorCode, @Nullable String errorMessage, Instant notBefore,
		@Nullable Instant sentAt, Instant updatedAt) {
}
