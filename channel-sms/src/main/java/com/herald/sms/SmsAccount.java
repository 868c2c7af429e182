package com.herald.sms;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;

/**
 * The Twilio account and senders one tenant (or store) sends with, after store settings,
 * tenant settings and the platform defaults are merged. Holds the decrypted auth token:
 * never log it or show it.
 *
 * @param accountSid the account
 * @param authToken its auth token
 * @param from the sender number
 * @param messagingServiceSid the Messaging Service (preferred over {@code from} for SMS)
 * @param whatsappFrom the WhatsApp sender number
 * @param helpText the reply to HELP
 */
public record SmsAccount(@Nullable String accountSid, @Nullable String authToken, @Nullable String from,
		@Nullable String messagingServiceSid, @Nullable String whatsappFrom, String helpText) {

	public boolean hasCredentials() {
		return this.accountSid != null && this.authToken != null;
	}

	/** Whether it can send on the channel: credentials and a sender for it. */
	public boolean canSend(Channel channel) {
		if (!hasCredentials()) {
			return false;
		}
		return (channel == Channel.WHATSAPP) ? this.whatsappFrom != null
				: (this.from != null || this.messagingServiceSid != null);
	}

	@Override
	public String toString() {
		return "SmsAccount[" + this.accountSid + ", token hidden]";
	}

}
