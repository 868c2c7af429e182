package com.herald.security;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import com.herald.tenancy.Actor;
import com.herald.tenancy.TenantMembership;

/**
 * Turns the signed-in caller and the request into the {@link Actor} that commands take
 * and audits record.
 */
@Component
public class CurrentActor {

	public Actor get(HttpServletRequest request) {
		HeraldPrincipal principal = principal();
		TenantMembership active = principal.active();
		Actor.Type type = (principal.apiKeyId() != null) ? Actor.Type.API_KEY : Actor.Type.USER;
		String id = (principal.apiKeyId() != null) ? principal.apiKeyId().toString()
				: String.valueOf(principal.userId());
		return new Actor(type, id, principal.email(), (active != null) ? active.tenantId() : null, principal.role(),
				(active != null) ? active.storeIds() : Set.of(), clientIp(request), request.getHeader("User-Agent"));
	}

	public static HeraldPrincipal principal() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof HeraldAuthentication herald) {
			return herald.getPrincipal();
		}
		throw new IllegalStateException("No Herald caller is signed in");
	}

	/**
	 * The client's address as the servlet container resolved it (forwarded headers are
	 * honoured by config).
	 */
	static String clientIp(HttpServletRequest request) {
		return request.getRemoteAddr();
	}

}
