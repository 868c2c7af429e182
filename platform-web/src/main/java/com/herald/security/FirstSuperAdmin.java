package com.herald.security;

import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import com.herald.tenancy.UserAccountService;

/**
 * With no super admin in the database, creates one from {@code HERALD_ADMIN_EMAIL} /
 * {@code HERALD_ADMIN_PASSWORD}; without a configured password, generates one and prints
 * it once (the only secret Herald ever logs, because nobody could sign in otherwise).
 */
@Component
@Order(0)
class FirstSuperAdmin implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(FirstSuperAdmin.class);

	private final UserAccountService accounts;

	private final String email;

	private final String password;

	FirstSuperAdmin(UserAccountService accounts, @Value("${herald.admin.email:}") String email,
			@Value("${herald.admin.password:}") String password) {
		this.accounts = accounts;
		this.email = email.isBlank() ? "admin@herald.local" : email;
		this.password = password;
	}

	@Override
	public void run(ApplicationArguments args) {
		boolean generated = this.password.isBlank();
		String chosen = generated ? generate() : this.password;
		this.accounts.ensureFirstSuperAdmin(this.email, "Platform admin", chosen).ifPresent((admin) -> {
			if (generated) {
				log.warn("""

						========================================================================
						 Herald created the first super admin.
						   email:    {}
						   password: {}
						 This password is shown only once. Change it after signing in.
						========================================================================""", admin.getEmail(),
						chosen);
			}
			else {
				log.info("Herald created the first super admin {} from HERALD_ADMIN_EMAIL/PASSWORD", admin.getEmail());
			}
		});
	}

	private static String generate() {
		byte[] bytes = new byte[15];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
