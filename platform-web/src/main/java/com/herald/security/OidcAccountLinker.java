package com.herald.security;

import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

import com.herald.tenancy.UserAccount;
import com.herald.tenancy.UserAccountService;

/**
 * Links an OIDC identity to a Herald account by its email, and only when the provider
 * says the email is verified: an unverified claim would let anyone who registers that
 * address at the provider take over the account.
 */
@Component
class OidcAccountLinker implements OAuth2UserService<OidcUserRequest, OidcUser> {

	private final OidcUserService delegate = new OidcUserService();

	private final UserAccountService accounts;

	OidcAccountLinker(UserAccountService accounts) {
		this.accounts = accounts;
	}

	@Override
	public OidcUser loadUser(OidcUserRequest request) {
		OidcUser user = this.delegate.loadUser(request);
		String email = user.getEmail();
		if (email == null || !Boolean.TRUE.equals(user.getEmailVerified())) {
			throw new OAuth2AuthenticationException(new OAuth2Error("unverified_email",
					"Your identity provider did not confirm your email address", null));
		}
		UserAccount account = this.accounts.findByEmail(email)
			.filter(UserAccount::isEnabled)
			.orElseThrow(() -> new OAuth2AuthenticationException(
					new OAuth2Error("no_account", "No Herald account uses " + email, null)));
		return new OidcHeraldUser(user, account);
	}

}
