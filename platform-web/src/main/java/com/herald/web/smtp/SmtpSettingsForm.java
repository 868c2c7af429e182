package com.herald.web.smtp;

import org.jspecify.annotations.Nullable;

import com.herald.email.smtp.SmtpSettings;
import com.herald.email.smtp.SmtpSettingsChange;

/** The SMTP settings form; the password field always starts empty. */
record SmtpSettingsForm(@Nullable String storeId, @Nullable String host, @Nullable String port,
		@Nullable String security, @Nullable String username, @Nullable String password,
		@Nullable String clearPassword) {

	static SmtpSettingsForm of(SmtpSettings settings) {
		return new SmtpSettingsForm((settings.storeId() != null) ? settings.storeId().toString() : null,
				settings.host(), String.valueOf(settings.port()), settings.security().key(), settings.username(), null,
				null);
	}

	SmtpSettingsChange change() {
		return new SmtpSettingsChange(this.host, this.port, this.security, this.username, this.password,
				this.clearPassword != null);
	}

	/** The same form without the secret, to show again after an error. */
	SmtpSettingsForm withoutPassword() {
		return new SmtpSettingsForm(this.storeId, this.host, this.port, this.security, this.username, null,
				this.clearPassword);
	}

}
