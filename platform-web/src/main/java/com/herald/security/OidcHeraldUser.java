package com.herald.security;

import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import com.herald.tenancy.UserAccount;

/** An OIDC sign-in linked, by verified email, to the Herald account it signs in as. */
class OidcHeraldUser extends DefaultOidcUser {

	private final transient UserAccount account;

	OidcHeraldUser(OidcUser user, UserAccount account) {
		super(user.getAuthorities(), user.getIdToken(), user.getUserInfo());
		this.account = account;
	}

	UserAccount account() {
		return this.account;
	}

}
