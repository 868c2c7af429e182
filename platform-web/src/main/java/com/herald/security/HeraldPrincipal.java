package com.herald.security;

import java.io.Serializable;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.ApiKeyId;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenantMembership;
import com.herald.tenancy.UserId;

/**
 * The signed-in caller as Herald sees it, however they signed in (password, OIDC, API
 * key, JWT): who they are, the tenants they may work for, and the one they work for now.
 *
 * @param userId the user account, or {@code null} for an API key
 * @param apiKeyId the API key, or {@code null} for a person
 * @param email the account's email, or the key's name
 * @param displayName what the pages call them
 * @param superAdmin whether they run the platform
 * @param memberships every tenant they may work for
 * @param active the tenant they work for now, if any
 */
public record HeraldPrincipal(@Nullable UserId userId, @Nullable ApiKeyId apiKeyId, String email, String displayName,
		boolean superAdmin, List<TenantMembership> memberships,
		@Nullable TenantMembership active) implements Serializable {

	public HeraldPrincipal {
		memberships = List.copyOf(memberships);
	}

	/**
	 * The role they act in now: their tenant role, or super admin when they work for no
	 * tenant.
	 */
	public @Nullable Role role() {
		if (this.active != null) {
			return this.active.role();
		}
		return this.superAdmin ? Role.SUPER_ADMIN : null;
	}

	public HeraldPrincipal withActive(@Nullable TenantMembership membership) {
		return new HeraldPrincipal(this.userId, this.apiKeyId, this.email, this.displayName, this.superAdmin,
				this.memberships, membership);
	}

}
