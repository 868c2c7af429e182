package com.herald.api.apikey;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.ApiClient;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys through the API: shown once, listed without secrets, revocable. */
@HeraldWebTest
class ApiKeyApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	StoreService stores;

	TwoTenants fixture;

	ApiClient admin;

	@BeforeEach
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.admin = ApiClient.bearer(this.port, ApiClient.jwtFor(this.fixture.a().adminEmail(), true));
	}

	@Test
	void createsAKeyThatWorksAndIsListedWithoutItsSecret() {
		ApiResponse created = this.admin.post("/api/v1/api-keys", Map.of("name", "CRM sync", "role", "TENANT_ADMIN"));

		assertThat(created.status()).isEqualTo(201);
		String key = created.json().path("key").asString();
		assertThat(key).matches("hrd_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}");
		assertThat(ApiClient.bearer(this.port, key).get("/api/v1/stores").status()).isEqualTo(200);
		ApiResponse list = this.admin.get("/api/v1/api-keys");
		assertThat(list.itemValues("name")).contains("CRM sync");
		assertThat(list.body()).doesNotContain(key.substring(key.lastIndexOf('_') + 1));
	}

	@Test
	void revokesAKey() {
		ApiResponse created = this.admin.post("/api/v1/api-keys", Map.of("name", "Old", "role", "COMPLIANCE_OFFICER"));
		String id = created.json().path("apiKey").path("id").asString();
		ApiClient key = ApiClient.bearer(this.port, created.json().path("key").asString());

		assertThat(this.admin.delete("/api/v1/api-keys/" + id).status()).isEqualTo(204);

		assertThat(key.get("/api/v1/users").status()).isEqualTo(401);
		assertThat(this.admin.get("/api/v1/api-keys").json().path("items").get(0).path("revokedAt").isNull()).isFalse();
	}

	@Test
	void keepsTenantsApart() {
		ApiResponse created = this.admin.post("/api/v1/api-keys", Map.of("name", "Mine", "role", "TENANT_ADMIN"));
		String id = created.json().path("apiKey").path("id").asString();
		ApiClient adminOfB = ApiClient.bearer(this.port, ApiClient.jwtFor(this.fixture.b().adminEmail(), true));

		assertThat(adminOfB.get("/api/v1/api-keys").itemValues("id")).doesNotContain(id);
		assertThat(adminOfB.delete("/api/v1/api-keys/" + id).status()).isEqualTo(404);
		assertThat(ApiClient.bearer(this.port, created.json().path("key").asString()).get("/api/v1/stores").status())
			.isEqualTo(200);
	}

	@Test
	void forbidsComplianceOfficers() {
		ApiClient compliance = ApiClient.bearer(this.port, ApiClient.jwtFor(this.fixture.a().complianceEmail(), true));

		assertThat(compliance.get("/api/v1/api-keys").status()).isEqualTo(403);
		assertThat(compliance.post("/api/v1/api-keys", Map.of("name", "Sneaky", "role", "TENANT_ADMIN")).status())
			.isEqualTo(403);
	}

}
