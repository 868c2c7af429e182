package com.herald.security;

import java.time.Clock;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

import com.herald.tenancy.UserAccount;
import com.herald.tenancy.UserAccountService;

/**
 * Local accounts for form sign-in: a locked or disabled account, or one without a
 * password, cannot sign in.
 */
@Component
class LocalAccounts implements UserDetailsService {

	private final UserAccountService accounts;

	private final Clock clock;

	LocalAccounts(UserAccountService accounts, Clock clock) {
		this.accounts = accounts;
		this.clock = clock;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		UserAccount account = this.accounts.findByEmail(username)
			.filter((user) -> user.getPasswordHash() != null)
			.orElseThrow(() -> new UsernameNotFoundException("No local account"));
		return User.withUsername(account.getEmail())
			.password(account.getPasswordHash())
			.disabled(!account.isEnabled())
			.accountLocked(account.isLocked(this.clock.instant()))
			.authorities("ROLE_USER")
			.build();
	}

}
