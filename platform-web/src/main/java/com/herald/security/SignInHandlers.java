package com.herald.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

import com.herald.tenancy.TenantMembership;
import com.herald.tenancy.UserAccount;
import com.herald.tenancy.UserAccountService;

/**
 * What happens after a sign-in attempt, for every method: success turns the
 * authentication into a {@link HeraldAuthentication} and sends the person to their home
 * or the tenant picker; failure is counted toward lockout and audited. Both land in the
 * audit trail.
 */
@Component
public class SignInHandlers implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	private final HeraldPrincipals principals;

	private final UserAccountService accounts;

	private final SecurityContextRepository contextRepository = new HttpSessionSecurityContextRepository();

	SignInHandlers(HeraldPrincipals principals, UserAccountService accounts) {
		this.principals = principals;
		this.accounts = accounts;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		String method = (authentication.getPrincipal() instanceof OidcUser) ? "oidc" : "password";
		UserAccount account = (authentication.getPrincipal() instanceof OidcHeraldUser oidc) ? oidc.account()
				: this.accounts.findByEmail(authentication.getName()).orElseThrow();
		HeraldPrincipal principal = this.principals.forUser(account);
		if (!HeraldPrincipals.canWork(principal)) {
			this.accounts.recordFailedSignIn(account.getEmail(), CurrentActor.clientIp(request),
					request.getHeader("User-Agent"), "no active tenant");
			SecurityContextHolder.clearContext();
			request.getSession().invalidate();
			response.sendRedirect(request.getContextPath() + "/login?inactive");
			return;
		}
		this.accounts.recordSignIn(account.getId(), method, CurrentActor.clientIp(request),
				request.getHeader("User-Agent"));
		// a fresh session id on sign-in (fixation) is handled by Spring Security before
		// this runs
		establish(request, response, principal);
		String target = (principal.active() == null && !principal.superAdmin()) ? "/tenants/select" : "/";
		response.sendRedirect(request.getContextPath() + target);
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		String email = request.getParameter("username");
		String reason = (exception instanceof LockedException) ? "locked"
				: (exception instanceof DisabledException) ? "disabled" : "bad credentials";
		if (email != null && !email.isBlank()) {
			this.accounts.recordFailedSignIn(email, CurrentActor.clientIp(request), request.getHeader("User-Agent"),
					reason);
		}
		boolean locked = exception instanceof LockedException || (email != null && this.accounts.findByEmail(email)
			.map((user) -> user.isLocked(java.time.Instant.now()))
			.orElse(false));
		response.sendRedirect(request.getContextPath() + (locked ? "/login?locked" : "/login?error"));
	}

	/**
	 * Replaces the session's authentication, on sign-in and when the person switches
	 * tenant.
	 */
	public void establish(HttpServletRequest request, HttpServletResponse response, HeraldPrincipal principal) {
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new HeraldAuthentication(principal));
		SecurityContextHolder.setContext(context);
		this.contextRepository.saveContext(context, request, response);
	}

	/**
	 * Keeps a signed-in person's session in step with their membership: a changed role or
	 * store list applies at the next request, and someone removed from the tenant is
	 * signed out of it.
	 * @return false when the request was answered here (a redirect)
	 */
	public boolean refresh(HttpServletRequest request, HttpServletResponse response, HeraldPrincipal principal)
			throws IOException {
		TenantMembership active = principal.active();
		if (principal.userId() == null || active == null) {
			return true;
		}
		Optional<TenantMembership> current = this.accounts.membership(principal.userId(), active.tenantId());
		if (current.isPresent() && current.get().equals(active)) {
			return true;
		}
		if (current.isEmpty()) {
			HeraldPrincipal remaining = this.principals
				.forUser(this.accounts.findById(principal.userId()).orElseThrow());
			if (!HeraldPrincipals.canWork(remaining)) {
				SecurityContextHolder.clearContext();
				request.getSession().invalidate();
				response.sendRedirect(request.getContextPath() + "/login?inactive");
				return false;
			}
			establish(request, response, remaining);
			response.sendRedirect(request.getContextPath()
					+ ((remaining.active() != null || remaining.superAdmin()) ? "/" : "/tenants/select"));
			return false;
		}
		List<TenantMembership> memberships = principal.memberships()
			.stream()
			.map((membership) -> membership.tenantId().equals(active.tenantId()) ? current.get() : membership)
			.toList();
		establish(request, response, new HeraldPrincipal(principal.userId(), principal.apiKeyId(), principal.email(),
				principal.displayName(), principal.superAdmin(), memberships, current.get()));
		return true;
	}

}
