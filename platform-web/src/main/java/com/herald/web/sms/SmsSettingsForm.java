package com.herald.web.sms;

import org.jspecify.annotations.Nullable;

import com.herald.sms.SmsSettings;
import com.herald.sms.SmsSettingsChange;
import com.herald.tenancy.InvalidInputException;

/** The SMS settings form; the auth token field always starts empty. */
record SmsSettingsForm(@Nullable String storeId, @Nullable String accountSid, @Nullable String authToken,
		@Nullable String clearCredentials, @Nullable String fromNumber, @Nullable String messagingServiceSid,
		@Nullable String whatsappFrom, @Nullable String helpText, @Nullable String messagesPerSecond) {

	static SmsSettingsForm of(SmsSettings settings) {
		return new SmsSettingsForm((settings.storeId() != null) ? settings.storeId().toString() : null,
				settings.accountSid(), null, null, settings.fromNumber(), settings.messagingServiceSid(),
				settings.whatsappFrom(), settings.helpText(),
				(settings.messagesPerSecond() != null) ? settings.messagesPerSecond().toString() : null);
	}

	SmsSettingsChange change() {
		return new SmsSettingsChange(this.accountSid, this.authToken, this.clearCredentials != null, this.fromNumber,
				this.messagingServiceSid, this.whatsappFrom, this.helpText, perSecond());
	}

	private @Nullable Integer perSecond() {
		if (this.messagesPerSecond == null || this.messagesPerSecond.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(this.messagesPerSecond.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidInputException("messagesPerSecond",
					"Enter a whole number of messages per second, or leave it empty for the default");
		}
	}

	/** The same form without the secret, to show again after an error. */
	SmsSettingsForm withoutToken() {
		return new SmsSettingsForm(this.storeId, this.accountSid, null, this.clearCredentials, this.fromNumber,
				this.messagingServiceSid, this.whatsappFrom, this.helpText, this.messagesPerSecond);
	}

}
