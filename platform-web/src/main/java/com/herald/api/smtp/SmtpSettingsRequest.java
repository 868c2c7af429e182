package com.herald.api.smtp;

import org.jspecify.annotations.Nullable;

import com.herald.email.smtp.SmtpSettingsChange;

/**
 * New SMTP settings; they replace the old ones. An omitted or blank host removes the
 * server. Leave {@code password} out to keep the stored one (for the same username).
 *
 * @param host the server's host name
 * @param port the port (default 587)
 * @param security {@code starttls} (default), {@code ssl} or {@code none}
 * @param username the login, omitted for none
 * @param password a new password; omitted keeps the stored one (it is never returned)
 * @param clearPassword forget the stored password
 */
public record SmtpSettingsRequest(@Nullable String host, @Nullable Integer port, @Nullable String security,
		@Nullable String username, @Nullable String password, @Nullable Boolean clearPassword) {

	SmtpSettingsChange change() {
		return new SmtpSettingsChange(this.host, (this.port != null) ? this.port.toString() : null, this.security,
				this.username, this.password, Boolean.TRUE.equals(this.clearPassword));
	}

	@Override
	public String toString() {
		return "SmtpSettingsRequest[" + this.host + ":" + this.port + ", password hidden]";
	}

}
