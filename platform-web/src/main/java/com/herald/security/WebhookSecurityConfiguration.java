package com.herald.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Provider webhooks: no session, no sign-in and no CSRF token (providers cannot send
 * one); each request is verified by its provider signature instead.
 */
@Configuration(proxyBeanMethods = false)
class WebhookSecurityConfiguration {

	@Bean
	@Order(0)
	SecurityFilterChain webhookSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher("/webhooks/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.securityContext((context) -> context.disable());
		return http.build();
	}

}
