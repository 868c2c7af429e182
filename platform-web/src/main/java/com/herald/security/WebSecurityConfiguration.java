package com.herald.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import com.herald.tenancy.TenantService;

/**
 * The pages' security: form sign-in with local accounts, OIDC sign-in when a provider is
 * configured, sessions with CSRF tokens (htmx sends them as a header), and role rules by
 * URL on top of the role checks in every controller.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class WebSecurityConfiguration {

	@Bean
	@Order(2)
	SecurityFilterChain webSecurity(HttpSecurity http, SignInHandlers signIn, OidcAccountLinker oidcLinker,
			ObjectProvider<ClientRegistrationRepository> oidcClients, TenantService tenants) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/login", "/invitations/**", "/css/**", "/js/**", "/images/**", "/webjars/**",
					"/favicon.ico", "/error", "/actuator/health/**", "/actuator/prometheus", "/v3/api-docs/**",
					"/swagger-ui/**", "/swagger-ui.html")
			.permitAll()
			.requestMatchers("/admin/**")
			.hasRole("SUPER_ADMIN")
			.anyRequest()
			.authenticated());
		http.formLogin((form) -> form.loginPage("/login").successHandler(signIn).failureHandler(signIn).permitAll());
		if (oidcClients.getIfAvailable() != null) {
			http.oauth2Login((oauth) -> oauth.loginPage("/login")
				.userInfoEndpoint((userInfo) -> userInfo.oidcUserService(oidcLinker))
				.successHandler(signIn)
				.failureUrl("/login?oidcError"));
		}
		http.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"));
		http.headers((headers) -> headers
			.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
					+ "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'"))
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
		http.addFilterBefore(new TenantBindingFilter(tenants), AuthorizationFilter.class);
		return http.build();
	}

}
