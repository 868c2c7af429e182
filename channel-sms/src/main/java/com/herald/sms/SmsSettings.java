package com.herald.sms;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The SMS settings of a tenant ({@code storeId} null) or one store, as shown to admins:
 * the auth token only as "set" or not.
 *
 * @param storeId the store, or null for the tenant's own settings
 * @param accountSid the Twilio account
 * @param authTokenSet whether an auth token is stored (it is never shown)
 * @param fromNumber the sender number
 * @param messagingServiceSid the Messaging Service
 * @param whatsappFrom the WhatsApp sender
 * @param helpText the reply to HELP
 * @param messagesPerSecond the rate of the senders set here, or null for the default
 * @param defaultMessagesPerSecond the default: the tenant's rate (for a store), else the
 * platform's
 * @param updatedAt when they last changed
 * @param updatedBy who changed them last
 * @param provider what sends now: {@code twilio} or {@code sandbox}
 * @param usesPlatformAccount whether sends use the platform's default account
 */
public record SmsSettings(@Nullable UUID storeId, @Nullable String accountSid, boolean authTokenSet,
		@Nullable String fromNumber, @Nullable String messagingServiceSid, @Nullable String whatsappFrom,
		@Nullable String helpText, @Nullable Integer messagesPerSecond, int defaultMessagesPerSecond,
		@Nullable Instant updatedAt, @Nullable String updatedBy, String provider, boolean usesPlatformAccount) {
}
