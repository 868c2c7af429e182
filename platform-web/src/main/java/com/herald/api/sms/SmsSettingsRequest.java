package com.herald.api.sms;

import org.jspecify.annotations.Nullable;

import com.herald.sms.SmsSettingsChange;

/**
 * New SMS settings; they replace the old ones. Omitted or blank fields are cleared,
 * except {@code authToken}: leave it out to keep the stored token.
 *
 * @param accountSid the Twilio Account SID ({@code AC…})
 * @param authToken a new auth token; omitted keeps the stored one (it is never returned)
 * @param clearCredentials forget the account and token (use the platform's account)
 * @param fromNumber the sender number, E.164
 * @param messagingServiceSid a Messaging Service SID ({@code MG…}), used instead of the
 * number for SMS
 * @param whatsappFrom the WhatsApp sender number, E.164
 * @param helpText the reply to HELP (at most 480 characters)
 * @param messagesPerSecond the rate of the senders set here (1 to 10,000); omitted: a
 * store's falls back to the tenant's, the tenant's to the platform's
 */
public record SmsSettingsRequest(@Nullable String accountSid, @Nullable String authToken,
		@Nullable Boolean clearCredentials, @Nullable String fromNumber, @Nullable String messagingServiceSid,
		@Nullable String whatsappFrom, @Nullable String helpText, @Nullable Integer messagesPerSecond) {

	SmsSettingsChange change() {
		return new SmsSettingsChange(this.accountSid, this.authToken, Boolean.TRUE.equals(this.clearCredentials),
				this.fromNumber, this.messagingServiceSid, this.whatsappFrom, this.helpText, this.messagesPerSecond);
	}

}
