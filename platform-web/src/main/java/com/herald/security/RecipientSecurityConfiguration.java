package com.herald.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The public preference center ({@code /u/…} unsubscribe, {@code /p/…} preferences): no
 * sign-in, the signed link is the only authority. No session either; forms still carry a
 * CSRF token (double-submit cookie), except the RFC 8058 one-click POST a mail provider
 * sends with {@code List-Unsubscribe=One-Click} and nothing else. Tenant logos may come
 * from any https host; the token in the URL never leaves in a Referer.
 */
@Configuration(proxyBeanMethods = false)
class RecipientSecurityConfiguration {

	/** RFC 8058: the provider's POST to the List-Unsubscribe URL. */
	static final RequestMatcher ONE_CLICK = (request) -> "POST".equals(request.getMethod())
			&& request.getServletPath().startsWith("/u/")
			&& "One-Click".equals(request.getParameter("List-Unsubscribe"));

	@Bean
	@Order(0)
	SecurityFilterChain recipientSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher("/u/**", "/p/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.csrfTokenRepository(new CookieCsrfTokenRepository())
				.ignoringRequestMatchers(ONE_CLICK))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; img-src 'self' data: https:; "
						+ "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'"))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
			.exceptionHandling((exceptions) -> exceptions.accessDeniedHandler(RecipientSecurityConfiguration::expired));
		return http.build();
	}

	/**
	 * A form without its CSRF cookie (blocked cookies, a page left open for long): back
	 * to the page to try again, never a bare 403.
	 */
	private static void expired(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		String[] parts = request.getServletPath().split("/");
		String page = (parts.length >= 3) ? "/" + parts[1] + "/" + parts[2] : "/";
		response.sendRedirect(request.getContextPath() + page + "?expired");
	}

}
