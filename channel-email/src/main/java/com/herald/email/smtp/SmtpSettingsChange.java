package com.herald.email.smtp;

import org.jspecify.annotations.Nullable;

/**
 * New SMTP settings for a tenant or store, as typed. An empty host removes the server; an
 * empty password keeps the stored one (for the same username).
 *
 * @param host the server's host name (empty: no server)
 * @param port the port, as typed
 * @param security {@code starttls}, {@code ssl} or {@code none}
 * @param username the login, empty for none
 * @param password a new password, empty to keep the stored one
 * @param clearPassword forget the stored password
 */
public record SmtpSettingsChange(@Nullable String host, @Nullable String port, @Nullable String security,
		@Nullable String username, @Nullable String password, boolean clearPassword) {

	@Override
	public String toString() {
		return "SmtpSettingsChange[" + this.host + ":" + this.port + " " + this.security + ", user " + this.username
				+ ", password " + ((this.password == null || this.password.isEmpty()) ? "unchanged" : "given") + "]";
	}

}
