package com.herald.channel;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A provider's report about one message.
 *
 * @param deliveryId Herald's delivery id when the provider echoed it back
 * @param providerMessageId the provider's message id
 * @param status the reported status
 * @param occurredAt when the provider says it happened (or when we received it)
 * @param errorCode the provider's error code for failures
 * @param errorMessage the provider's error text for failures
 */
public record StatusUpdate(@Nullable UUID deliveryId, String providerMessageId, DeliveryStatus status,
		Instant occurredAt, @Nullable String errorCode, @Nullable String errorMessage) {
}
