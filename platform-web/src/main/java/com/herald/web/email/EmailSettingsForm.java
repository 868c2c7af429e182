package com.herald.web.email;

import org.jspecify.annotations.Nullable;

import com.herald.email.EmailSettings;
import com.herald.email.EmailSettingsChange;

/** The email settings form; the API key field always starts empty. */
record EmailSettingsForm(@Nullable String storeId, @Nullable String fromName, @Nullable String fromAddress,
		@Nullable String replyTo, @Nullable String primaryProvider, @Nullable String secondaryProvider,
		@Nullable String sendgridApiKey, @Nullable String clearSendgridApiKey, @Nullable String sendgridWebhookKey) {

	static EmailSettingsForm of(EmailSettings settings) {
		return new EmailSettingsForm((settings.storeId() != null) ? settings.storeId().toString() : null,
				settings.fromName(), settings.fromAddress(), settings.replyTo(), settings.primaryProvider(),
				settings.secondaryProvider(), null, null, settings.sendgridWebhookKey());
	}

	EmailSettingsChange change() {
		return new EmailSettingsChange(this.fromName, this.fromAddress, this.replyTo, this.primaryProvider,
				this.secondaryProvider, this.sendgridApiKey, this.clearSendgridApiKey != null, this.sendgridWebhookKey);
	}

	/** The same form without the secret, to show again after an error. */
	EmailSettingsForm withoutKey() {
		return new EmailSettingsForm(this.storeId, this.fromName, this.fromAddress, this.replyTo, this.primaryProvider,
				this.secondaryProvider, null, this.clearSendgridApiKey, this.sendgridWebhookKey);
	}

}
