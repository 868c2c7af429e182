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
 * @param smsPerSecond the rate of the SMS sender (the Messaging Service, else the number)
 * @param whatsappPerSecond the rate of the WhatsApp sender
 */
public record SmsAccount(@Nullable String accountSid, @Nullable String authToken, @Nullable String from,
		@Nullable String messagingServiceSid, @Nullable String whatsappFrom, String helpText, int smsPerSecond,
		int whatsappPerSecond) {

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

	/**
	 * Who messages on the channel go out as: the Messaging Service (else the number) for
	 * SMS, the WhatsApp sender for WhatsApp; {@code none} when there is none.
	 */
	public String sender(Channel channel) {
		String sender = (channel == Channel.WHATSAPP) ? this.whatsappFrom
				: (this.messagingServiceSid != null) ? this.messagingServiceSid : this.from;
		return (sender != null) ? sender : "none";
	}

	/** The messages per second the channel's sender may send. */
	public int perSecond(Channel channel) {
		return (channel == Channel.WHATSAPP) ? this.whatsappPerSecond : this.smsPerSecond;
	}

	@Override
	public String toString() {
		return "SmsAccount[" + this.accountSid + ", token hidden]";
	}

}
