package com.herald.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

import com.herald.tenancy.TenantService;

/**
 * The REST API's security, ahead of the pages' chain: stateless (no session, no cookies,
 * so no CSRF), every request authenticated by a tenant API key or an OAuth2 JWT (see
 * {@link ApiAuthentication}), the caller's tenant bound per request, and failures
 * answered as problem+json: 401 with a {@code WWW-Authenticate} challenge, 403 for a role
 * that does not allow the call (each controller method declares its roles).
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiAuthentication authentication, ApiProblems problems,
			TenantService tenants) throws Exception {
		http.securityMatcher("/api/**");
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
		http.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf((csrf) -> csrf.disable());
		http.requestCache((cache) -> cache.disable());
		http.logout((logout) -> logout.disable());
		http.anonymous((anonymous) -> anonymous.disable());
		http.oauth2ResourceServer((resourceServer) -> resourceServer.authenticationManagerResolver(authentication)
			.bearerTokenResolver(authentication.credentials())
			.authenticationEntryPoint(problems)
			.accessDeniedHandler(problems));
		http.exceptionHandling(
				(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		http.addFilterBefore(new TenantBindingFilter(tenants, problems::suspended), AuthorizationFilter.class);
		return http.build();
	}

}
