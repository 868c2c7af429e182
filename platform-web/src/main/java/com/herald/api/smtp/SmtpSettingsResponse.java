package com.herald.api.smtp;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.email.smtp.SmtpSettings;

/**
 * The SMTP server of the tenant or a store. The password is never returned.
 *
 * @param storeId the store, or null for the tenant's settings
 * @param host the host, null when no server is set here
 * @param port the port
 * @param security {@code starttls}, {@code ssl} or {@code none}
 * @param username the login
 * @param passwordSet whether a password is stored
 * @param updatedAt when they last changed
 * @param updatedBy who changed them
 * @param inheritedFromTenant whether this store sends through the tenant's server
 */
public record SmtpSettingsResponse(@Nullable UUID storeId, @Nullable String host, int port, String security,
		@Nullable String username, boolean passwordSet, @Nullable Instant updatedAt, @Nullable String updatedBy,
		boolean inheritedFromTenant) {

	static SmtpSettingsResponse of(SmtpSettings s) {
		return new SmtpSettingsResponse(s.storeId(), s.host(), s.port(), s.security().key(), s.username(),
				s.passwordSet(), s.updatedAt(), s.updatedBy(), s.inheritedFromTenant());
	}

}
