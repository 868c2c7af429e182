package com.herald.support;

import no.nav.security.mock.oauth2.MockOAuth2Server;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Starts, once per test JVM, the local stand-ins Herald talks to instead of outside
 * services, before the Spring context (OIDC discovery runs while the context starts): a
 * real OIDC provider (mock-oauth2-server).
 */
public class StandIns implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The OIDC provider; its issuer id is {@code herald}. */
	public static final MockOAuth2Server OIDC = startOidc();

	public static final String OIDC_ISSUER_ID = "herald";

	private static MockOAuth2Server startOidc() {
		MockOAuth2Server server = new MockOAuth2Server();
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
		return server;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		String issuer = OIDC.issuerUrl(OIDC_ISSUER_ID).toString();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context,
				"spring.security.oauth2.client.registration.oidc.client-id=herald-test",
				"spring.security.oauth2.client.registration.oidc.client-secret=herald-test-secret",
				"spring.security.oauth2.client.registration.oidc.scope=openid,email,profile",
				"spring.security.oauth2.client.provider.oidc.issuer-uri=" + issuer,
				"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer);
	}

}
