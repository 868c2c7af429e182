package com.herald.api.sms;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.sms.OutboxMessage;

/**
 * A message the sandbox recorded instead of sending.
 *
 * @param id the outbox entry
 * @param deliveryId Herald's delivery
 * @param storeId the store that sent it
 * @param channel {@code sms} or {@code whatsapp}
 * @param to the recipient
 * @param from the sender
 * @param body the text
 * @param status {@code sent} or {@code delivered}
 * @param createdAt when it was recorded
 * @param deliveredAt when its simulated receipt came
 */
public record OutboxMessageResponse(UUID id, UUID deliveryId, @Nullable UUID storeId, String channel, String to,
		String from, String body, String status, Instant createdAt, @Nullable Instant deliveredAt) {

	static OutboxMessageResponse of(OutboxMessage m) {
		return new OutboxMessageResponse(m.id(), m.deliveryId(), m.storeId(), m.channel(), m.to(), m.from(), m.body(),
				m.status(), m.createdAt(), m.deliveredAt());
	}

}
