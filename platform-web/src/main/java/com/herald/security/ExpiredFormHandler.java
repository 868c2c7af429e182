package com.herald.security;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * A form posted with a missing or stale CSRF token (a page left open past its session, a
 * second tab that signed out) is not an attack worth a bare 403: the person goes back to
 * the page the form came from with a message, or to sign-in when their session is gone.
 * htmx requests get the same destination as an {@code HX-Redirect}.
 */
class ExpiredFormHandler implements AccessDeniedHandler {

	static final String MESSAGE = "Your form expired; please try again.";

	private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

	private final SessionFlashMapManager flash = new SessionFlashMapManager();

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		String target;
		if (request.getRequestedSessionId() == null || !request.isRequestedSessionIdValid()) {
			// the session that issued the form's token is gone (expired or signed out);
			// the
			// CSRF filter may have started a new one, so ask what the request came with
			target = "/login?expired";
		}
		else {
			boolean signedIn = !this.trust.isAnonymous(SecurityContextHolder.getContext().getAuthentication());
			target = Objects.requireNonNullElse(sameOriginReferer(request), signedIn ? "/" : "/login");
			FlashMap message = new FlashMap();
			message.put("flashError", MESSAGE);
			this.flash.saveOutputFlashMap(message, request, response);
		}
		String location = request.getContextPath() + target;
		if (request.getHeader("HX-Request") != null) {
			response.setHeader("HX-Redirect", location);
			response.setStatus(HttpServletResponse.SC_FORBIDDEN);
			return;
		}
		response.sendRedirect(location);
	}

	/**
	 * The path and query of the page the form was on, when that page is Herald's;
	 * otherwise {@code null}.
	 */
	static @Nullable String sameOriginReferer(HttpServletRequest request) {
		String referer = request.getHeader(HttpHeaders.REFERER);
		if (referer == null) {
			return null;
		}
		URI uri;
		try {
			uri = URI.create(referer);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		if (uri.getHost() == null || !uri.getHost().equalsIgnoreCase(request.getServerName())
				|| port(uri) != request.getServerPort()) {
			return null;
		}
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		String context = request.getContextPath();
		if (!path.startsWith(context + "/") || path.startsWith(context + "//")) {
			return null;
		}
		String local = path.substring(context.length());
		return (uri.getRawQuery() != null) ? local + "?" + uri.getRawQuery() : local;
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

}
