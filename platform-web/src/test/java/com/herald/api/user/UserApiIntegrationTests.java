package com.herald.api.user;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.ApiClient;
import com.herald.support.ApiKeyClients;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;

import static org.assertj.core.api.Assertions.assertThat;

/** The tenant's people through the API: tenant admins change roles and remove people. */
@HeraldWebTest
class UserApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	ApiKeyClients apiKeyClients;

	TwoTenants fixture;

	ApiClient admin;

	@BeforeEach
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.admin = this.apiKeyClients.issue(this.fixture.a(), "users", Role.TENANT_ADMIN);
	}

	@Test
	void listsTheTenantsPeopleOnly() {
		ApiResponse list = this.admin.get("/api/v1/users");

		assertThat(list.status()).isEqualTo(200);
		assertThat(list.itemValues("email")).containsExactlyInAnyOrder(this.fixture.a().adminEmail(),
				this.fixture.a().managerEmail(), this.fixture.a().complianceEmail());
	}

	@Test
	void changesARoleAndItsStores() {
		String compliance = membershipId(this.fixture.a().complianceEmail());
		String store = this.fixture.a().storeTwo().getId().toString();

		ApiResponse changed = this.admin.patch("/api/v1/users/" + compliance,
				Map.of("role", "STORE_MANAGER", "storeIds", List.of(store)));

		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.json().path("role").asString()).isEqualTo("STORE_MANAGER");
		assertThat(this.admin.get("/api/v1/users/" + compliance).json().path("storeIds").get(0).asString())
			.isEqualTo(store);
	}

	@Test
	void refusesAnotherTenantsStore() {
		String compliance = membershipId(this.fixture.a().complianceEmail());

		ApiResponse changed = this.admin.patch("/api/v1/users/" + compliance,
				Map.of("role", "STORE_MANAGER", "storeIds", List.of(this.fixture.b().storeOne().getId().toString())));

		assertThat(changed.status()).isEqualTo(400);
		assertThat(changed.json().path("errors").has("storeIds")).isTrue();
		assertThat(this.admin.get("/api/v1/users/" + compliance).json().path("role").asString())
			.isEqualTo("COMPLIANCE_OFFICER");
	}

	@Test
	void removesSomeoneButNeverTheLastAdmin() {
		String manager = membershipId(this.fixture.a().managerEmail());
		String lastAdmin = membershipId(this.fixture.a().adminEmail());

		assertThat(this.admin.delete("/api/v1/users/" + manager).status()).isEqualTo(204);
		assertThat(this.admin.get("/api/v1/users/" + manager).status()).isEqualTo(404);

		ApiResponse refused = this.admin.delete("/api/v1/users/" + lastAdmin);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().path("errors").has("role")).isTrue();
	}

	@Test
	void answersAnotherTenantsMembershipWithNotFound() {
		ApiClient adminOfB = ApiClient.bearer(this.port, ApiClient.jwtFor(this.fixture.b().adminEmail(), true));
		String manager = membershipId(this.fixture.a().managerEmail());

		assertThat(adminOfB.get("/api/v1/users/" + manager).status()).isEqualTo(404);
		assertThat(adminOfB.patch("/api/v1/users/" + manager, Map.of("role", "TENANT_ADMIN")).status()).isEqualTo(404);
		assertThat(adminOfB.delete("/api/v1/users/" + manager).status()).isEqualTo(404);
		assertThat(this.admin.get("/api/v1/users/" + manager).json().path("role").asString())
			.isEqualTo("STORE_MANAGER");
	}

	@Test
	void forbidsStoreManagers() {
		ApiClient manager = ApiClient.bearer(this.port, ApiClient.jwtFor(this.fixture.a().managerEmail(), true));

		assertThat(manager.get("/api/v1/users").status()).isEqualTo(403);
	}

	private String membershipId(String email) {
		for (JsonNode item : this.admin.get("/api/v1/users?size=100").json().path("items")) {
			if (item.path("email").asString().equals(email)) {
				return item.path("id").asString();
			}
		}
		throw new IllegalStateException("No membership for " + email);
	}

}
