package com.herald.channel;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Something a recipient did with a message: opened, clicked, bounced, complained,
 * unsubscribed.
 *
 * @param deliveryId Herald's delivery id when known
 * @param providerMessageId the provider's message id
 * @param type what happened
 * @param occurredAt when it happened
 * @param detail extra detail (the clicked URL, the bounce reason), never PII
 */
public record EngagementEvent(@Nullable UUID deliveryId, @Nullable String providerMessageId, Type type,
		Instant occurredAt, @Nullable String detail) {

	public enum Type {

		OPENED, CLICKED, BOUNCED, COMPLAINED, UNSUBSCRIBED

	}

}
