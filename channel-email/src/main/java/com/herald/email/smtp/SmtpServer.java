package com.herald.email.smtp;

import org.jspecify.annotations.Nullable;

/**
 * Where and how to connect: one pool of connections is kept per distinct server (the
 * credentials are part of it, so two tenants on the same host never share a session).
 *
 * @param host the server's host name
 * @param port the port
 * @param security STARTTLS, SSL or none
 * @param username the login, or null when the server takes mail without one
 * @param password the password in clear (only in memory, for connecting)
 */
public record SmtpServer(String host, int port, SmtpSecurity security, @Nullable String username,
		@Nullable String password) {

	/** Never shows the password (these end up in logs and error messages). */
	@Override
	public String toString() {
		return this.host + ":" + this.port + " (" + this.security.key() + ")";
	}

}
