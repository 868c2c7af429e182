package com.herald.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import com.herald.tenancy.Role;

/**
 * The authentication every sign-in method ends in. Its authorities are
 * {@code ROLE_SUPER_ADMIN} for platform admins and {@code ROLE_<tenant role>} for the
 * active tenant, so {@code hasRole(..)} checks read the same everywhere.
 */
public class HeraldAuthentication extends AbstractAuthenticationToken {

	private final HeraldPrincipal principal;

	public HeraldAuthentication(HeraldPrincipal principal) {
		super(authorities(principal));
		this.principal = principal;
		setAuthenticated(true);
	}

	private static List<GrantedAuthority> authorities(HeraldPrincipal principal) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		if (principal.superAdmin()) {
			authorities.add(new SimpleGrantedAuthority("ROLE_" + Role.SUPER_ADMIN.name()));
		}
		if (principal.active() != null && principal.active().role().isTenantRole()) {
			authorities.add(new SimpleGrantedAuthority("ROLE_" + principal.active().role().name()));
		}
		if (principal.active() != null) {
			authorities.add(new SimpleGrantedAuthority("TENANT_SELECTED"));
		}
		return authorities;
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public HeraldPrincipal getPrincipal() {
		return this.principal;
	}

	@Override
	public String getName() {
		return this.principal.email();
	}

}
