package com.herald.security;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.herald.tenancy.TenantMembership;
import com.herald.tenancy.UserAccount;
import com.herald.tenancy.UserAccountService;

/**
 * Builds the {@link HeraldPrincipal} for a user who proved who they are, whatever the
 * method: loads their tenants and picks the active one when there is no choice to make.
 */
@Component
public class HeraldPrincipals {

	private final UserAccountService accounts;

	HeraldPrincipals(UserAccountService accounts) {
		this.accounts = accounts;
	}

	public HeraldPrincipal forUser(UserAccount user) {
		List<TenantMembership> memberships = this.accounts.memberships(user.getId())
			.stream()
			.filter(TenantMembership::tenantActive)
			.toList();
		TenantMembership active = (memberships.size() == 1 && !user.isSuperAdmin()) ? memberships.get(0) : null;
		return new HeraldPrincipal(user.getId(), null, user.getEmail(), user.getDisplayName(), user.isSuperAdmin(),
				memberships, active);
	}

	/**
	 * Whether this person may use Herald at all: a platform admin, or a member of an
	 * active tenant.
	 */
	public static boolean canWork(HeraldPrincipal principal) {
		return principal.superAdmin() || !principal.memberships().isEmpty();
	}

	public Optional<UserAccount> findByEmail(String email) {
		return this.accounts.findByEmail(email);
	}

}
