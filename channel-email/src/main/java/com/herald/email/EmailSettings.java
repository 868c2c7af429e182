package com.herald.email;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The email settings of a tenant ({@code storeId} null) or one store, as shown to admins:
 * the SendGrid API key only as "set" or not.
 *
 * @param storeId the store, or null for the tenant's own settings
 * @param fromName the sender name
 * @param fromAddress the sender address
 * @param replyTo the reply-to address
 * @param primaryProvider {@code sendgrid} or {@code smtp}, or null for automatic
 * @param secondaryProvider the provider that takes over while the primary fails
 * @param sendgridApiKeySet whether an API key is stored (it is never shown)
 * @param sendgridWebhookKey the Event Webhook verification key (public)
 * @param updatedAt when they last changed
 * @param updatedBy who changed them last
 * @param effectiveSender who emails are from now, after store, tenant and platform
 * defaults are merged
 * @param provider what sends now: {@code sendgrid}, {@code smtp} or {@code sandbox}
 */
public record EmailSettings(@Nullable UUID storeId, @Nullable String fromName, @Nullable String fromAddress,
		@Nullable String replyTo, @Nullable String primaryProvider, @Nullable String secondaryProvider,
		boolean sendgridApiKeySet, @Nullable String sendgridWebhookKey, @Nullable Instant updatedAt,
		@Nullable String updatedBy, EmailSender effectiveSender, String provider) {
}
