package com.herald.api.email;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.email.OutboxEmail;

/**
 * An email the sandbox recorded instead of sending.
 *
 * @param id the outbox entry
 * @param deliveryId the delivery it was for
 * @param storeId the sending store
 * @param to the recipient
 * @param from the sender address
 * @param fromName the sender name
 * @param replyTo the reply-to address
 * @param subject the subject
 * @param html the HTML part
 * @param text the plain-text part
 * @param listUnsubscribe the List-Unsubscribe header
 * @param category the message category
 * @param status {@code sent} or {@code delivered}
 * @param createdAt when it was recorded
 * @param deliveredAt when the simulated receipt came
 */
public record OutboxEmailResponse(UUID id, UUID deliveryId, @Nullable UUID storeId, String to, String from,
		@Nullable String fromName, @Nullable String replyTo, String subject, @Nullable String html, String text,
		@Nullable String listUnsubscribe, String category, String status, Instant createdAt,
		@Nullable Instant deliveredAt) {

	static OutboxEmailResponse of(OutboxEmail e) {
		return new OutboxEmailResponse(e.id(), e.deliveryId(), e.storeId(), e.to(), e.from(), e.fromName(), e.replyTo(),
				e.subject(), e.html(), e.text(), e.listUnsubscribe(), e.category(), e.status(), e.createdAt(),
				e.deliveredAt());
	}

}
