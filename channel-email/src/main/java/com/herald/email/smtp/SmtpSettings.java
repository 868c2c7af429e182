package com.herald.email.smtp;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The SMTP server of a tenant ({@code storeId} null) or one store, as shown to admins:
 * the password only as set or not.
 *
 * @param storeId the store, or null for the tenant's own settings
 * @param host the server's host name, null when none is set
 * @param port the port
 * @param security STARTTLS, SSL or none
 * @param username the login
 * @param passwordSet whether a password is stored (it is never shown)
 * @param updatedAt when they last changed
 * @param updatedBy who changed them last
 * @param inheritedFromTenant whether a store without its own server sends through the
 * tenant's
 */
public record SmtpSettings(@Nullable UUID storeId, @Nullable String host, int port, SmtpSecurity security,
		@Nullable String username, boolean passwordSet, @Nullable Instant updatedAt, @Nullable String updatedBy,
		boolean inheritedFromTenant) {

	/** Whether a server is set here. */
	public boolean configured() {
		return this.host != null;
	}

}
