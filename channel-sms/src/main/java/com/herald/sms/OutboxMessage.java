package com.herald.sms;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.sandbox.SandboxChannel;

/**
 * A message the sandbox provider recorded instead of sending.
 *
 * @param id the outbox entry
 * @param deliveryId Herald's delivery it was for
 * @param storeId the store that sent it
 * @param channel {@code sms} or {@code whatsapp}
 * @param to the recipient
 * @param from the sender
 * @param body the text
 * @param status {@code sent}, then {@code delivered} once the simulated receipt came
 * @param createdAt when it was "sent"
 * @param deliveredAt when the simulated receipt came
 */
public record OutboxMessage(UUID id, UUID deliveryId, @Nullable UUID storeId, String channel, String to, String from,
		String body, String status, Instant createdAt,
		@Nullable Instant deliveredAt) implements SandboxChannel.Recorded {
}
