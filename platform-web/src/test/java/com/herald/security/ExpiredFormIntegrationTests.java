package com.herald.security;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantService;
import com.herald.tenancy.TwoTenants.TenantFixture;
import com.herald.tenancy.TwoTenants;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A form posted with a missing or stale CSRF token sends the person back to try again
 * instead of showing a bare 403; other denials still show the 403 page.
 */
@HeraldWebTest
class ExpiredFormIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	TenantService tenants;

	@Test
	void sendsASignedInPersonBackToTheFormsPageWithAMessage() {
		WebSession session = root();
		String page = "http://localhost:" + this.port + "/tenants/select";

		HttpResponse<String> response = session.postRaw("/tenants/select", Map.of("tenantId", "x"),
				Map.of("Referer", page));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(location(response)).endsWith("/tenants/select");
		assertThat(session.get("/tenants/select").body()).contains(ExpiredFormHandler.MESSAGE);
	}

	@Test
	void sendsThemHomeWhenTheFormsPageIsUnknownOrElsewhere() {
		WebSession session = root();

		HttpResponse<String> response = session.postRaw("/tenants/select", Map.of("tenantId", "x"),
				Map.of("Referer", "https://elsewhere.example/tenants/select"));

		assertThat(URI.create(location(response)).getPath()).isEqualTo("/");
		assertThat(session.get("/").body()).contains(ExpiredFormHandler.MESSAGE);
	}

	@Test
	void rejectsAStaleTokenLikeAMissingOne() {
		WebSession session = root();

		HttpResponse<String> response = session.postRaw("/tenants/select",
				Map.of("tenantId", "x", "_csrf", "stale-token"));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(session.get("/").body()).contains(ExpiredFormHandler.MESSAGE);
	}

	@Test
	void sendsSomeoneWhoseSessionIsGoneToSignIn() {
		HttpResponse<String> response = new WebSession(this.port).postRaw("/login",
				Map.of("username", HeraldWebTest.ROOT_EMAIL, "password", HeraldWebTest.ROOT_PASSWORD));

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(location(response)).endsWith("/login?expired");
		assertThat(new WebSession(this.port).get("/login?expired").body())
			.contains("Your session expired. Please sign in again.");
	}

	@Test
	void redirectsHtmxRequestsThroughTheirHeader() {
		WebSession session = root();

		HttpResponse<String> response = session.postRaw("/tenants/select", Map.of("tenantId", "x"),
				Map.of("HX-Request", "true"));

		assertThat(response.headers().firstValue("HX-Redirect")).hasValue("/");
	}

	@Test
	void keepsTheForbiddenPageForOtherDenials() {
		TenantFixture tenant = this.tenancy.tenant();
		WebSession admin = WebSession.signedIn(this.port, tenant.adminEmail(), TwoTenants.PASSWORD);

		HttpResponse<String> response = admin.get("/admin/tenants", Map.of("Accept", "text/html"));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).contains("You do not have access to this page");
	}

	private WebSession root() {
		return WebSession.signedIn(this.port, HeraldWebTest.ROOT_EMAIL, HeraldWebTest.ROOT_PASSWORD);
	}

	private static String location(HttpResponse<String> response) {
		return response.headers().firstValue("Location").orElse("");
	}

}
