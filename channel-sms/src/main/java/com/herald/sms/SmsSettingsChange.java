package com.herald.sms;

import org.jspecify.annotations.Nullable;

/**
 * New SMS settings. Blank fields clear a value; a blank {@code authToken} keeps the
 * stored one (it is never shown, so a form cannot send it back).
 *
 * @param accountSid the Twilio account ({@code AC} and 32 hex digits)
 * @param authToken a new auth token, or blank to keep the stored one
 * @param clearCredentials forget the account and the token (use the platform's)
 * @param fromNumber the sender number (E.164)
 * @param messagingServiceSid the Messaging Service ({@code MG} and 32 hex digits)
 * @param whatsappFrom the WhatsApp sender (E.164)
 * @param helpText the reply to HELP (at most 480 characters)
 * @param messagesPerSecond the rate of the senders set here (1 to 10,000), or null for
 * the default: a store's falls back to the tenant's, the tenant's to the platform's
 */
public record SmsSettingsChange(@Nullable String accountSid, @Nullable String authToken, boolean clearCredentials,
		@Nullable String fromNumber, @Nullable String messagingServiceSid, @Nullable String whatsappFrom,
		@Nullable String helpText, @Nullable Integer messagesPerSecond) {
}
