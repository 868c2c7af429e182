package com.herald.api.store;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.ApiClient;
import com.herald.support.ApiKeyClients;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/** Stores through the API: tenant admins manage them, store managers only their own. */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	StoreService stores;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ApiKeyClients apiKeyClients;

	TwoTenants fixture;

	ApiClient admin;

	ApiClient manager;

	@BeforeAll
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.admin = this.apiKeyClients.issue(this.fixture.a(), "stores", Role.TENANT_ADMIN);
		this.manager = ApiClient.bearer(this.port, ApiClient.jwtFor(this.fixture.a().managerEmail(), true));
	}

	@Test
	void createsReadsAndReplacesAStore() {
		ApiResponse created = this.admin.post("/api/v1/stores", store("Harbour " + System.nanoTime(), "Europe/Lisbon"));
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().path("id").asString();
		assertThat(created.header("Location")).endsWith("/api/v1/stores/" + id);
		assertThat(created.json().path("timezone").asString()).isEqualTo("Europe/Lisbon");

		Map<String, Object> changed = store("Harbour renamed " + System.nanoTime(), "Europe/Madrid");
		ApiResponse replaced = this.admin.put("/api/v1/stores/" + id, changed);

		assertThat(replaced.status()).isEqualTo(200);
		ApiResponse read = this.admin.get("/api/v1/stores/" + id);
		assertThat(read.json().path("name").asString()).isEqualTo(changed.get("name"));
		assertThat(read.json().path("timezone").asString()).isEqualTo("Europe/Madrid");
	}

	@Test
	void paginatesTheList() {
		ApiResponse first = this.admin.get("/api/v1/stores?page=0&size=1");
		ApiResponse second = this.admin.get("/api/v1/stores?page=1&size=1");

		assertThat(first.json().path("items").size()).isEqualTo(1);
		assertThat(first.json().path("size").asInt()).isEqualTo(1);
		assertThat(first.json().path("totalItems").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(first.json().path("totalPages").asInt()).isEqualTo(first.json().path("totalItems").asInt());
		assertThat(second.json().path("page").asInt()).isEqualTo(1);
		assertThat(second.itemValues("id")).doesNotContainAnyElementsOf(first.itemValues("id"));
	}

	@Test
	void rejectsAnUnknownTimezone() {
		ApiResponse response = this.admin.post("/api/v1/stores", store("Nowhere " + System.nanoTime(), "Mars/Olympus"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("errors").has("timezone")).isTrue();
	}

	@Test
	void answersADuplicateNameWithConflict() {
		ApiResponse response = this.admin.post("/api/v1/stores", store(this.fixture.a().storeOne().getName(), "UTC"));

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.json().path("errors").has("name")).isTrue();
	}

	@Test
	void showsAStoreManagerOnlyTheirStores() {
		ApiResponse list = this.manager.get("/api/v1/stores");

		assertThat(list.status()).isEqualTo(200);
		assertThat(list.itemValues("name")).containsExactly(this.fixture.a().storeOne().getName());
		assertThat(list.json().path("totalItems").asLong()).isEqualTo(1);
		assertThat(this.manager.get("/api/v1/stores/" + this.fixture.a().storeOne().getId()).status()).isEqualTo(200);
		assertThat(this.manager.get("/api/v1/stores/" + this.fixture.a().storeTwo().getId()).status()).isEqualTo(403);
		assertThat(this.manager.get("/api/v1/stores/" + this.fixture.b().storeOne().getId()).status()).isEqualTo(404);
	}

	@Test
	void letsAStoreManagerEditTheirStoreOnly() {
		String own = this.fixture.a().storeOne().getId().toString();
		Map<String, Object> details = store(this.fixture.a().storeOne().getName(), "America/Chicago");

		assertThat(this.manager.put("/api/v1/stores/" + own, details).status()).isEqualTo(200);
		assertThat(this.manager
			.put("/api/v1/stores/" + this.fixture.a().storeTwo().getId(),
					store(this.fixture.a().storeTwo().getName(), "UTC"))
			.status()).isEqualTo(403);
		assertThat(this.manager.post("/api/v1/stores", store("Manager made " + System.nanoTime(), "UTC")).status())
			.isEqualTo(403);
		assertThat(this.stores.get(this.fixture.a().admin(this.accounts), this.fixture.a().storeTwo().getId())
			.getTimezone()
			.getId()).isEqualTo("Europe/Madrid");
	}

	@Test
	void forbidsCompliancePeople() {
		ApiClient compliance = ApiClient.bearer(this.port, ApiClient.jwtFor(this.fixture.a().complianceEmail(), true));

		assertThat(compliance.get("/api/v1/stores").status()).isEqualTo(403);
	}

	private static Map<String, Object> store(String name, String timezone) {
		Map<String, Object> store = new LinkedHashMap<>();
		store.put("name", name);
		store.put("timezone", timezone);
		store.put("addressLine1", "5 Quay Street");
		store.put("city", "Porto");
		store.put("postalCode", "4000-001");
		store.put("country", "PT");
		store.put("defaultPhoneRegion", "PT");
		return store;
	}

}
