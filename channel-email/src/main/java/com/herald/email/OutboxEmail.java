package com.herald.email;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.sandbox.SandboxChannel;

/**
 * An email the sandbox provider recorded instead of sending.
 *
 * @param id the outbox entry
 * @param deliveryId Herald's delivery it was for
 * @param storeId the store that sent it
 * @param to the recipient
 * @param from the sender address
 * @param fromName the sender name
 * @param replyTo the reply-to address
 * @param subject the subject
 * @param html the HTML part, when there is one
 * @param text the plain-text part
 * @param listUnsubscribe the List-Unsubscribe header it carried
 * @param category the message category
 * @param status {@code sent}, then {@code delivered} once the simulated receipt came
 * @param createdAt when it was "sent"
 * @param deliveredAt when the simulated receipt came
 */
public record OutboxEmail(UUID id, UUID deliveryId, @Nullable UUID storeId, String to, String from,
		@Nullable String fromName, @Nullable String replyTo, String subject, @Nullable String html, String text,
		@Nullable String listUnsubscribe, String category, String status, Instant createdAt,
		@Nullable Instant deliveredAt) implements SandboxChannel.Recorded {
}
