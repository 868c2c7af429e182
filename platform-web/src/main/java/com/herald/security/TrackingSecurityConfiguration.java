package com.herald.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Email tracking endpoints (open pixel, click redirect): opened by mail clients and image
 * proxies, so no session, no sign-in and no CSRF (they only read); the signed token in
 * each URL is the authority.
 */
@Configuration(proxyBeanMethods = false)
class TrackingSecurityConfiguration {

	@Bean
	@Order(0)
	SecurityFilterChain trackingSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher("/t/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.securityContext((context) -> context.disable());
		return http.build();
	}

}
