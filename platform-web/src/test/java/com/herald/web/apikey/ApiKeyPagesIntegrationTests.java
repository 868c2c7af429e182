package com.herald.web.apikey;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.ApiKeyService;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;

import static org.assertj.core.api.Assertions.assertThat;

@HeraldWebTest
class ApiKeyPagesIntegrationTests {

	private static final Pattern KEY = Pattern.compile("value=\"(hrd_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43})\"");

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	ApiKeyService keys;

	@Test
	void showsANewKeyOnceAndRevokesIt() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		WebSession admin = WebSession.signedIn(this.port, tenant.adminEmail(), TwoTenants.PASSWORD);
		admin.get("/api-keys");
		HttpResponse<String> created = admin.post("/api-keys",
				Map.of("name", "Nightly export", "role", "COMPLIANCE_OFFICER"));
		assertThat(created.statusCode()).isEqualTo(302);

		String page = admin.get("/api-keys").body();
		Matcher key = KEY.matcher(page);
		assertThat(key.find()).as("the whole key is on the page after creating it").isTrue();
		ApiKeyService.ApiKeyIdentity identity = this.keys.authenticate(key.group(1)).orElseThrow();
		assertThat(identity.tenantId()).isEqualTo(tenant.id());
		assertThat(identity.role()).isEqualTo(Role.COMPLIANCE_OFFICER);
		String again = admin.get("/api-keys").body();
		assertThat(again).doesNotContain(key.group(1)).contains("Nightly export").contains("Compliance officer");

		assertThat(admin.post("/api-keys/" + identity.id() + "/revoke", Map.of()).statusCode()).isEqualTo(302);
		assertThat(this.keys.authenticate(key.group(1))).isEmpty();
		assertThat(admin.get("/api-keys").body()).contains("The API key is revoked");
	}

	@Test
	void showsErrorsBesideFieldsAndRefusesOtherRoles() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		WebSession admin = WebSession.signedIn(this.port, tenant.adminEmail(), TwoTenants.PASSWORD);
		admin.get("/api-keys");
		HttpResponse<String> refused = admin.post("/api-keys", Map.of("name", "  ", "role", "TENANT_ADMIN"));
		assertThat(refused.body()).contains("id=\"name-error\"")
			.contains("This field is required")
			.containsPattern("<option value=\"TENANT_ADMIN\" selected")
			.contains("No API keys yet.");
		HttpResponse<String> crafted = admin.post("/api-keys", Map.of("name", "Sneaky", "role", "STORE_MANAGER"));
		assertThat(crafted.body()).contains("id=\"role-error\"");

		WebSession compliance = WebSession.signedIn(this.port, tenant.complianceEmail(), TwoTenants.PASSWORD);
		assertThat(compliance.get("/api-keys").statusCode()).isEqualTo(403);
	}

}
