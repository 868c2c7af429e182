package com.herald.security;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.stereotype.Component;

import com.herald.tenancy.Actor;
import com.herald.tenancy.ApiKeyService;
import com.herald.tenancy.ApiKeyService.ApiKeyIdentity;
import com.herald.tenancy.Tenant;
import com.herald.tenancy.TenantMembership;
import com.herald.tenancy.TenantService;
import com.herald.tenancy.UserAccount;
import com.herald.tenancy.UserAccountService;

/**
 * Who calls {@code /api/**}: a tenant API key ({@code Authorization: Bearer hrd_…} or
 * {@code X-API-Key: hrd_…}) or, when a JWT issuer is configured, an OAuth2 access token
 * whose verified {@code email} claim names a Herald account. People who work for several
 * tenants choose one per request with {@value #TENANT_HEADER} (slug or id). Every path
 * ends in a {@link HeraldAuthentication}, as the pages' sign-in does.
 */
@Component
public class ApiAuthentication implements AuthenticationManagerResolver<HttpServletRequest> {

	/** The header that picks the tenant for people who work for several. */
	public static final String TENANT_HEADER = "X-Herald-Tenant";

	/** The header that carries an API key, as an alternative to a bearer token. */
	public static final String API_KEY_HEADER = "X-API-Key";

	private static final String API_KEY_PREFIX = "hrd_";

	private final ApiKeyService apiKeys;

	private final TenantService tenants;

	private final UserAccountService accounts;

	private final HeraldPrincipals principals;

	private final ObjectProvider<JwtDecoder> jwtDecoder;

	private final DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();

	ApiAuthentication(ApiKeyService apiKeys, TenantService tenants, UserAccountService accounts,
			HeraldPrincipals principals, ObjectProvider<JwtDecoder> jwtDecoder) {
		this.apiKeys = apiKeys;
		this.tenants = tenants;
		this.accounts = accounts;
		this.principals = principals;
		this.jwtDecoder = jwtDecoder;
	}

	/** Finds a request's credential: its API key header, else its bearer token. */
	public BearerTokenResolver credentials() {
		return this::credential;
	}

	private @Nullable String credential(HttpServletRequest request) {
		String apiKey = request.getHeader(API_KEY_HEADER);
		if (apiKey == null) {
			return this.bearer.resolve(request);
		}
		if (request.getHeader("Authorization") != null) {
			throw new OAuth2AuthenticationException(
					BearerTokenErrors.invalidRequest("Send either an Authorization header or an X-API-Key header"));
		}
		if (apiKey.isBlank()) {
			throw new InvalidBearerTokenException("The X-API-Key header is empty");
		}
		return apiKey.strip();
	}

	@Override
	public AuthenticationManager resolve(HttpServletRequest request) {
		return (authentication) -> authenticate(request, (BearerTokenAuthenticationToken) authentication);
	}

	private Authentication authenticate(HttpServletRequest request, BearerTokenAuthenticationToken credential) {
		String token = credential.getToken();
		String wantedTenant = request.getHeader(TENANT_HEADER);
		HeraldPrincipal principal = token.startsWith(API_KEY_PREFIX) ? forApiKey(token, wantedTenant)
				: forJwt(token, wantedTenant);
		HeraldAuthentication authentication = new HeraldAuthentication(principal);
		authentication.setDetails(credential.getDetails());
		return authentication;
	}

	private HeraldPrincipal forApiKey(String key, @Nullable String wantedTenant) {
		ApiKeyIdentity identity = this.apiKeys.authenticate(key)
			.orElseThrow(() -> new InvalidBearerTokenException(
					"This API key is unknown or revoked, or its tenant is suspended"));
		Tenant tenant = this.tenants.get(Actor.system(identity.tenantId()), identity.tenantId());
		TenantMembership membership = new TenantMembership(tenant.getId(), tenant.getSlug(), tenant.getName(),
				tenant.isActive(), identity.role(), java.util.Set.of());
		if (wantedTenant != null && !names(membership, wantedTenant)) {
			throw new ForeignTenantException("This API key belongs to another tenant than " + wantedTenant);
		}
		return new HeraldPrincipal(null, identity.id(), identity.name(), "API key " + identity.name(), false,
				List.of(membership), membership);
	}

	private HeraldPrincipal forJwt(String token, @Nullable String wantedTenant) {
		JwtDecoder decoder = this.jwtDecoder.getIfAvailable();
		if (decoder == null) {
			throw new InvalidBearerTokenException("This token is not a Herald API key, and no token issuer is set up");
		}
		Jwt jwt;
		try {
			jwt = decoder.decode(token);
		}
		catch (BadJwtException ex) {
			throw new InvalidBearerTokenException(ex.getMessage(), ex);
		}
		catch (JwtException ex) {
			throw new AuthenticationServiceException(ex.getMessage(), ex);
		}
		String email = jwt.getClaimAsString("email");
		if (email == null || email.isBlank() || !isTrue(jwt.getClaims().get("email_verified"))) {
			throw new InvalidBearerTokenException("The token must carry a verified email (email, email_verified)");
		}
		UserAccount account = this.accounts.findByEmail(email)
			.filter(UserAccount::isEnabled)
			.orElseThrow(() -> new InvalidBearerTokenException("No active Herald account uses the token's email"));
		HeraldPrincipal principal = this.principals.forUser(account);
		if (wantedTenant != null && !wantedTenant.isBlank()) {
			principal = principal.withActive(choose(principal, account, wantedTenant.strip()));
		}
		if (!HeraldPrincipals.canWork(principal)) {
			throw new InvalidBearerTokenException("This account is not part of an active tenant");
		}
		return principal;
	}

	private TenantMembership choose(HeraldPrincipal principal, UserAccount account, String wanted) {
		Optional<TenantMembership> active = principal.memberships()
			.stream()
			.filter((membership) -> names(membership, wanted))
			.findFirst();
		if (active.isPresent()) {
			return active.get();
		}
		boolean suspended = this.accounts.memberships(account.getId())
			.stream()
			.anyMatch((membership) -> names(membership, wanted));
		if (suspended) {
			throw new InvalidBearerTokenException("The tenant " + wanted + " is suspended");
		}
		throw new ForeignTenantException("You do not work for the tenant " + wanted);
	}

	private static boolean names(TenantMembership membership, String wanted) {
		return membership.tenantSlug().equals(wanted) || membership.tenantId().toString().equalsIgnoreCase(wanted);
	}

	private static boolean isTrue(@Nullable Object claim) {
		return Boolean.TRUE.equals(claim) || "true".equals(claim);
	}

	/**
	 * A valid credential asking for a tenant it may not act for: answered with 403, not
	 * 401, because who is calling is known.
	 */
	static class ForeignTenantException extends OAuth2AuthenticationException {

		ForeignTenantException(String description) {
			super(new BearerTokenError("insufficient_scope", HttpStatus.FORBIDDEN, description, null));
		}

	}

}
