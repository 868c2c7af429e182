package com.herald.web.tenant;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.InvitationService;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantService;
import com.herald.tenancy.TwoTenants;

import static org.assertj.core.api.Assertions.assertThat;

@HeraldWebTest
class TenantPagesIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	TenantService tenants;

	@Autowired
	InvitationService invitations;

	@Test
	void renamesSuspendsAndReactivatesATenant() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		WebSession member = WebSession.signedIn(this.port, tenant.adminEmail(), TwoTenants.PASSWORD);
		WebSession root = WebSession.signedIn(this.port, HeraldWebTest.ROOT_EMAIL, HeraldWebTest.ROOT_PASSWORD);
		String page = "/admin/tenants/" + tenant.id();
		root.get(page);

		HttpResponse<String> blank = root.post(page + "/name", Map.of("name", " "));
		assertThat(blank.body()).contains("id=\"name-error\"").contains("This field is required");
		assertThat(root.post(page + "/name", Map.of("name", "Renamed Salons")).statusCode()).isEqualTo(302);
		assertThat(root.get(page).body()).contains("The tenant is now called Renamed Salons.");

		assertThat(root.post(page + "/suspend", Map.of()).statusCode()).isEqualTo(302);
		assertThat(root.get(page).body()).contains("is suspended").contains("Reactivate tenant");
		HttpResponse<String> signedOut = member.get("/");
		assertThat(signedOut.headers().firstValue("Location").orElse("")).contains("/login?suspended");

		assertThat(root.post(page + "/reactivate", Map.of()).statusCode()).isEqualTo(302);
		assertThat(this.tenants.isActive(tenant.id())).isTrue();
		assertThat(root.post(page + "/reactivate", Map.of()).statusCode()).isEqualTo(400);
	}

	@Test
	void invitesAnotherTenantAdminFromTheTenantPage() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		WebSession root = WebSession.signedIn(this.port, HeraldWebTest.ROOT_EMAIL, HeraldWebTest.ROOT_PASSWORD);
		String page = "/admin/tenants/" + tenant.id();
		root.get(page);
		HttpResponse<String> malformed = root.post(page + "/invitations", Map.of("email", "nobody"));
		assertThat(malformed.body()).contains("id=\"email-error\"")
			.containsPattern("id=\"email\"[^>]*value=\"nobody\"");
		assertThat(root.post(page + "/invitations", Map.of("email", "second-admin@example.test")).statusCode())
			.isEqualTo(302);
		assertThat(root.get(page).body()).contains("Invitation link for second-admin@example.test")
			.containsPattern("value=\"http://localhost:\\d+/invitations/");
	}

	@Test
	void searchesTenantsByNameOrSlug() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		WebSession root = WebSession.signedIn(this.port, HeraldWebTest.ROOT_EMAIL, HeraldWebTest.ROOT_PASSWORD);
		String found = root.get("/admin/tenants?q=" + tenant.tenant().getSlug()).body();
		assertThat(found).contains(tenant.tenant().getName()).contains("1 tenant").contains("Page 1 of 1");
		assertThat(root.get("/admin/tenants?q=zz-no-such-tenant").body()).contains("No tenant matches");
	}

}
