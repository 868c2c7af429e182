package com.herald.web.superadmin;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantService;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

@HeraldWebTest
class SuperAdminPagesIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	TenantService tenants;

	@Test
	void addsAnotherSuperAdminWhoCanSignIn() {
		WebSession root = WebSession.signedIn(this.port, HeraldWebTest.ROOT_EMAIL, HeraldWebTest.ROOT_PASSWORD);
		assertThat(root.get("/admin/super-admins").body()).contains(HeraldWebTest.ROOT_EMAIL);
		String email = "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@herald.test";

		HttpResponse<String> mismatch = root.post("/admin/super-admins", Map.of("email", email, "displayName", "Ops",
				"password", "ops-password-2026", "confirmPassword", "ops-password-2027"));
		assertThat(mismatch.body()).contains("id=\"confirmPassword-error\"")
			.containsPattern("id=\"email\"[^>]*value=\"" + email + "\"");
		assertThat(this.accounts.findByEmail(email)).isEmpty();

		HttpResponse<String> created = root.post("/admin/super-admins", Map.of("email", email, "displayName", "Ops",
				"password", "ops-password-2026", "confirmPassword", "ops-password-2026"));
		assertThat(created.statusCode()).isEqualTo(302);
		assertThat(this.accounts.findByEmail(email)).hasValueSatisfying((user) -> assertThat(user.isSuperAdmin()));
		WebSession ops = WebSession.signedIn(this.port, email, "ops-password-2026");
		assertThat(ops.get("/admin/tenants").statusCode()).isEqualTo(200);

		HttpResponse<String> duplicate = root.post("/admin/super-admins", Map.of("email", email, "displayName", "Ops",
				"password", "ops-password-2026", "confirmPassword", "ops-password-2026"));
		assertThat(duplicate.body()).contains("id=\"email-error\"").contains("already exists");
	}

	@Test
	void keepsPlatformPagesFromTenantPeople() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		WebSession admin = WebSession.signedIn(this.port, tenant.adminEmail(), TwoTenants.PASSWORD);
		// refused by the URL rule, before any controller (browsers get the HTML 403 page)
		assertThat(admin.get("/admin/super-admins").statusCode()).isEqualTo(403);
		assertThat(admin.get("/admin/tenants").statusCode()).isEqualTo(403);
		assertThat(admin.get("/admin/tenants/" + tenant.id()).statusCode()).isEqualTo(403);
	}

}
