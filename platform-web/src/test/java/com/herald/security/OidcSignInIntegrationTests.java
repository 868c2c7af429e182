package com.herald.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.HeraldWebTest;
import com.herald.support.StandIns;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants.TenantFixture;
import com.herald.tenancy.TwoTenants;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on through a real OIDC provider (mock-oauth2-server), followed redirect by
 * redirect as a browser would: the identity is linked to a Herald account by its verified
 * email only.
 */
@HeraldWebTest
class OidcSignInIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@LocalServerPort
	int port;

	TenantFixture tenant;

	@BeforeEach
	void createTenant() {
		this.tenant = this.tenancy.tenant();
	}

	@Test
	void signsInTheAccountWithTheVerifiedEmail() {
		HttpClient browser = browser();
		providerWillSignIn(this.tenant.adminEmail(), true);

		HttpResponse<String> landing = visit(browser, "/oauth2/authorization/oidc");

		assertThat(landing.uri().getPath()).isEqualTo("/");
		assertThat(landing.statusCode()).isEqualTo(200);
		assertThat(landing.body()).contains(this.tenant.adminEmail()).contains(this.tenant.tenant().getName());
		assertThat(visit(browser, "/").uri().getPath()).as("still signed in").isEqualTo("/");
	}

	@Test
	void refusesAnUnverifiedEmail() {
		HttpClient browser = browser();
		providerWillSignIn(this.tenant.adminEmail(), false);

		HttpResponse<String> landing = visit(browser, "/oauth2/authorization/oidc");

		assertThat(landing.uri().getPath()).isEqualTo("/login");
		assertThat(landing.uri().getQuery()).isEqualTo("oidcError");
		assertThat(landing.body()).contains("Single sign-on did not work");
		assertThat(visit(browser, "/").uri().getPath()).as("not signed in").isEqualTo("/login");
	}

	private static void providerWillSignIn(String email, boolean emailVerified) {
		StandIns.OIDC.enqueueCallback(
				new DefaultOAuth2TokenCallback(StandIns.OIDC_ISSUER_ID, "sso-" + email, JOSEObjectType.JWT.getType(),
						List.of("herald-test"), Map.of("email", email, "email_verified", emailVerified), 3600));
	}

	private static HttpClient browser() {
		return HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
	}

	private HttpResponse<String> visit(HttpClient browser, String path) {
		try {
			return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
