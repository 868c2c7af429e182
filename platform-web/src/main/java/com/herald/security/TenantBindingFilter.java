package com.herald.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import com.herald.tenancy.TenantContext;
import com.herald.tenancy.TenantMembership;
import com.herald.tenancy.TenantService;

/**
 * Binds the caller's active tenant to the request thread (and so to every transaction it
 * starts), after checking the tenant is still active: a suspended tenant's people are
 * signed out at their next request and its API keys and tokens get 401.
 */
public class TenantBindingFilter extends OncePerRequestFilter {

	private final TenantService tenants;

	private final SuspendedTenantResponse onSuspended;

	private final @Nullable SessionRefresh sessionRefresh;

	/** For the pages: a suspended tenant's people are signed out and sent to sign-in. */
	public TenantBindingFilter(TenantService tenants, SessionRefresh sessionRefresh) {
		this.tenants = tenants;
		this.onSuspended = TenantBindingFilter::signOut;
		this.sessionRefresh = sessionRefresh;
	}

	/** With a chosen answer for callers of a suspended tenant (the API's is a 401). */
	public TenantBindingFilter(TenantService tenants, SuspendedTenantResponse onSuspended) {
		this.tenants = tenants;
		this.onSuspended = onSuspended;
		this.sessionRefresh = null;
	}

	/**
	 * Brings a session's principal up to date with the database; returns false when it
	 * has answered the request itself (the caller was signed out).
	 */
	@FunctionalInterface
	public interface SessionRefresh {

		boolean refresh(HttpServletRequest request, HttpServletResponse response, HeraldPrincipal principal)
				throws IOException;

	}

	/** How to answer a caller whose tenant is suspended. */
	@FunctionalInterface
	public interface SuspendedTenantResponse {

		void send(HttpServletRequest request, HttpServletResponse response) throws IOException;

	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		TenantMembership active = (authentication instanceof HeraldAuthentication herald)
				? herald.getPrincipal().active() : null;
		if (active == null) {
			chain.doFilter(request, response);
			return;
		}
		if (!this.tenants.isActive(active.tenantId())) {
			SecurityContextHolder.clearContext();
			this.onSuspended.send(request, response);
			return;
		}
		if (this.sessionRefresh != null && !this.sessionRefresh.refresh(request, response,
				((HeraldAuthentication) authentication).getPrincipal())) {
			return;
		}
		TenantContext.bind(active.tenantId());
		try {
			chain.doFilter(request, response);
		}
		finally {
			TenantContext.clear();
		}
	}

	private static void signOut(HttpServletRequest request, HttpServletResponse response) throws IOException {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		response.sendRedirect(request.getContextPath() + "/login?suspended");
	}

}
