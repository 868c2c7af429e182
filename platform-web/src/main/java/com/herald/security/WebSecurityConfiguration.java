package com.herald.security;

import java.util.LinkedHashMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.DelegatingAccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import com.herald.tenancy.TenantService;
import com.herald.tenancy.UserAccountService;

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
			ObjectProvider<ClientRegistrationRepository> oidcClients, TenantService tenants,
			UserAccountService accounts, CurrentActor currentActor) throws Exception {
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
		http.logout((logout) -> logout.logoutUrl("/logout").addLogoutHandler((request, response, authentication) -> {
			if (authentication instanceof HeraldAuthentication) {
				accounts.recordSignOut(currentActor.get(request));
			}
		}).logoutSuccessUrl("/login?signedOut"));
		http.headers((headers) -> headers
			.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
					+ "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'"))
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
		http.exceptionHandling((exceptions) -> exceptions.accessDeniedHandler(accessDenied()));
		http.addFilterBefore(new TenantBindingFilter(tenants, signIn::refresh), AuthorizationFilter.class);
		return http.build();
	}

	/**
	 * A stale or missing CSRF token on a form sends the person back to try again; every
	 * other denial shows the 403 page.
	 */
	private static AccessDeniedHandler accessDenied() {
		LinkedHashMap<Class<? extends AccessDeniedException>, AccessDeniedHandler> handlers = new LinkedHashMap<>();
		handlers.put(CsrfException.class, new ExpiredFormHandler());
		return new DelegatingAccessDeniedHandler(handlers, new AccessDeniedHandlerImpl());
	}

}
