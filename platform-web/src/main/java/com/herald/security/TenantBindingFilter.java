package com.herald.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

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

	public TenantBindingFilter(TenantService tenants) {
		this.tenants = tenants;
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
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.invalidate();
			}
			if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
				response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "This tenant is suspended");
			}
			else {
				response.sendRedirect(request.getContextPath() + "/login?suspended");
			}
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

}
