package com.herald.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import no.nav.security.mock.oauth2.MockOAuth2Server;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Starts, once per test JVM, the local stand-ins Herald talks to instead of outside
 * services, before the Spring context (OIDC discovery runs while the context starts): a
 * real OIDC provider (mock-oauth2-server) and local HTTP servers standing in for Twilio's
 * REST API and SendGrid's v3 API.
 */
public class StandIns implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The OIDC provider; its issuer id is {@code herald}. */
	public static final MockOAuth2Server OIDC = startOidc();

	public static final String OIDC_ISSUER_ID = "herald";

	/**
	 * Twilio's REST API: tests stub it per Account SID (each test uses its own account),
	 * so stubs of different tests never meet.
	 */
	public static final WireMockServer TWILIO = startLocalServer();

	/**
	 * The public address Twilio's webhooks are signed over (as behind a proxy: it is not
	 * the address the test server listens on).
	 */
	public static final String TWILIO_WEBHOOK_BASE = "https://sms-hooks.herald.test";

	/**
	 * SendGrid's v3 API: tests stub it per API key (each test uses its own), so stubs of
	 * different tests never meet.
	 */
	public static final WireMockServer SENDGRID = startLocalServer();

	/**
	 * Herald's public URL in the suite: HTTPS, as in production, so List-Unsubscribe
	 * carries the one-click link; tests reach a link at the local port with
	 * {@link #local}.
	 */
	public static final String PUBLIC_URL = "https://herald.test";

	/** The address List-Unsubscribe offers next to the one-click link. */
	public static final String UNSUBSCRIBE_MAILTO = "unsubscribe@herald.test";

	private static WireMockServer startLocalServer() {
		WireMockServer server = new WireMockServer(
				WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1").containerThreads(60));
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		return server;
	}

	private static MockOAuth2Server startOidc() {
		MockOAuth2Server server = new MockOAuth2Server();
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
		return server;
	}

	/** A link Herald made under {@link #PUBLIC_URL}, at the test server's local port. */
	public static String local(String link, int port) {
		return link.replace(PUBLIC_URL, "http://localhost:" + port);
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		String issuer = OIDC.issuerUrl(OIDC_ISSUER_ID).toString();
		TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context,
				"spring.security.oauth2.client.registration.oidc.client-id=herald-test",
				"spring.security.oauth2.client.registration.oidc.client-secret=herald-test-secret",
				"spring.security.oauth2.client.registration.oidc.scope=openid,email,profile",
				"spring.security.oauth2.client.provider.oidc.issuer-uri=" + issuer,
				"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
				"herald.sms.twilio.base-url=" + TWILIO.baseUrl(),
				"herald.sms.twilio.webhook-base-url=" + TWILIO_WEBHOOK_BASE, "herald.sms.sandbox.receipt-delay=500ms",
				"herald.email.sendgrid.base-url=" + SENDGRID.baseUrl(), "herald.email.sendgrid.read-timeout=5s",
				"herald.email.unsubscribe-mailto=" + UNSUBSCRIBE_MAILTO, "herald.public-url=" + PUBLIC_URL,
				"herald.email.sandbox.receipt-delay=500ms");
	}

}
