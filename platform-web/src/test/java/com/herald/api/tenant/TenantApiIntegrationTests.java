package com.herald.api.tenant;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.ApiClient;
import com.herald.support.ApiKeyClients;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantService;
import com.herald.tenancy.TwoTenants.TenantFixture;
import com.herald.tenancy.TwoTenants;

import static org.assertj.core.api.Assertions.assertThat;

/** Tenants through the API: super admins only. */
@HeraldWebTest
class TenantApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	TenantService tenants;

	@Autowired
	ApiKeyClients apiKeyClients;

	@Test
	void runsATenantsLifecycle() {
		ApiClient root = ApiClient.bearer(this.port, ApiClient.jwtFor(HeraldWebTest.ROOT_EMAIL, true));
		String slug = "api-" + UUID.randomUUID().toString().substring(0, 8);

		ApiResponse created = root.post("/api/v1/tenants", Map.of("slug", slug, "name", "Api Made"));
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().path("id").asString();
		assertThat(created.json().path("status").asString()).isEqualTo("ACTIVE");

		assertThat(root.patch("/api/v1/tenants/" + id, Map.of("name", "Api Renamed")).json().path("name").asString())
			.isEqualTo("Api Renamed");
		assertThat(root.post("/api/v1/tenants/" + id + "/suspend", "").json().path("status").asString())
			.isEqualTo("SUSPENDED");
		assertThat(root.post("/api/v1/tenants/" + id + "/suspend", "").status()).as("already suspended").isEqualTo(400);
		assertThat(root.post("/api/v1/tenants/" + id + "/reactivate", "").json().path("status").asString())
			.isEqualTo("ACTIVE");
		assertThat(root.get("/api/v1/tenants/" + id).json().path("slug").asString()).isEqualTo(slug);
		assertThat(root.get("/api/v1/tenants/" + UUID.randomUUID()).status()).isEqualTo(404);
	}

	@Test
	void forbidsEveryTenantRole() {
		TenantFixture tenant = this.tenancy.tenant();
		ApiClient admin = this.apiKeyClients.issue(tenant, "not platform", Role.TENANT_ADMIN);

		assertThat(admin.get("/api/v1/tenants").status()).isEqualTo(403);
		assertThat(admin.get("/api/v1/tenants/" + tenant.id()).status()).isEqualTo(403);
		assertThat(admin.post("/api/v1/tenants/" + tenant.id() + "/suspend", "").status()).isEqualTo(403);
		assertThat(this.tenants.isActive(tenant.id())).isTrue();
	}

}
