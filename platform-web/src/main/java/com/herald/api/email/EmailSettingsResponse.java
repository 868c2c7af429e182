package com.herald.api.email;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.email.EmailSettings;

/**
 * Email settings of the tenant or a store. The API key is never returned.
 *
 * @param storeId the store, or null for the tenant's settings
 * @param fromName the sender name
 * @param fromAddress the sender address
 * @param replyTo the reply-to address
 * @param primaryProvider the primary provider, null for automatic
 * @param secondaryProvider the failover provider
 * @param sendgridApiKeySet whether a SendGrid API key is stored
 * @param sendgridWebhookKey the Event Webhook verification key
 * @param updatedAt when they last changed
 * @param updatedBy who changed them
 * @param effectiveFromName the sender name emails carry now (store, tenant or platform)
 * @param effectiveFromAddress the sender address emails carry now
 * @param effectiveReplyTo the reply-to emails carry now
 * @param provider what sends now: {@code sendgrid}, {@code smtp} or {@code sandbox}
 */
public record EmailSettingsResponse(@Nullable UUID storeId, @Nullable String fromName, @Nullable String fromAddress,
		@Nullable String replyTo, @Nullable String primaryProvider, @Nullable String secondaryProvider,
		boolean sendgridApiKeySet, @Nullable String sendgridWebhookKey, @Nullable Instant updatedAt,
		@Nullable String updatedBy, String effectiveFromName, String effectiveFromAddress,
		@Nullable String effectiveReplyTo, String provider) {

	static EmailSettingsResponse of(EmailSettings s) {
		return new EmailSettingsResponse(s.storeId(), s.fromName(), s.fromAddress(), s.replyTo(), s.primaryProvider(),
				s.secondaryProvider(), s.sendgridApiKeySet(), s.sendgridWebhookKey(), s.updatedAt(), s.updatedBy(),
				s.effectiveSender().fromName(), s.effectiveSender().fromAddress(), s.effectiveSender().replyTo(),
				s.provider());
	}

}
