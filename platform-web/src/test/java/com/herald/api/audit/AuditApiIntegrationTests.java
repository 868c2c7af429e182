package com.herald.api.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.ApiClient;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantService;
import com.herald.tenancy.TwoTenants;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit API, called as the API's clients call it: with bearer JWTs from the test OIDC
 * provider.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one fixture for the class: tests only
												// add events
class AuditApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	TenantService tenants;

	TwoTenants fixture;

	private final JsonMapper json = JsonMapper.builder().build();

	@BeforeAll
	void tenants() {
		this.fixture = this.tenancy.twoTenants();
	}

	@Test
	void pagesThroughTheTenantsEventsWithACursor() {
		ApiClient officer = api(this.fixture.a().complianceEmail());
		List<Long> seqs = new ArrayList<>();
		String next = "/api/v1/audit-events?limit=3";
		int pages = 0;
		while (next != null) {
			ApiResponse response = officer.get(next);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("Content-Type")).startsWith("application/json");
			JsonNode page = this.json.readTree(response.body());
			for (JsonNode item : page.path("items")) {
				assertThat(item.path("tenantId").asString()).isEqualTo(this.fixture.a().id().toString());
				assertThat(item.path("hash").asString()).hasSize(64);
				seqs.add(item.path("seq").asLong());
			}
			next = page.path("nextCursor").isNull() ? null
					: "/api/v1/audit-events?limit=3&cursor=" + page.path("nextCursor").asLong();
			pages++;
		}
		assertThat(pages).isGreaterThan(2);
		assertThat(seqs).isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates();
		assertThat(seqs.get(seqs.size() - 1)).isEqualTo(1L);
		assertThat(seqs.get(0)).isEqualTo((long) seqs.size());
	}

	@Test
	void filtersAndShowsOneEventWithItsSummaryAsJson() {
		ApiClient officer = api(this.fixture.a().complianceEmail());
		JsonNode page = this.json.readTree(
				officer.get("/api/v1/audit-events?action=store.created&storeId=" + this.fixture.a().storeOne().getId())
					.body());
		assertThat(page.path("items")).hasSize(1);
		long seq = page.path("items").get(0).path("seq").asLong();

		JsonNode event = this.json.readTree(officer.get("/api/v1/audit-events/" + seq).body());
		assertThat(event.path("action").asString()).isEqualTo("store.created");
		assertThat(event.path("storeId").asString()).isEqualTo(this.fixture.a().storeOne().getId().toString());
		assertThat(event.path("summary").path("after").path("name").asString())
			.isEqualTo(this.fixture.a().storeOne().getName());

		String from = event.path("occurredAt").asString();
		JsonNode since = this.json.readTree(officer.get("/api/v1/audit-events?limit=500&from=" + from).body());
		assertThat(since.path("items")).isNotEmpty()
			.allSatisfy((item) -> assertThat(item.path("seq").asLong()).isGreaterThanOrEqualTo(seq));
	}

	@Test
	void streamsAnExportAndVerifiesTheChain() {
		ApiClient officer = api(this.fixture.a().complianceEmail());
		ApiResponse export = officer.get("/api/v1/audit-events/export?format=jsonl&action=invitation.");
		assertThat(export.status()).isEqualTo(200);
		assertThat(export.header("Content-Disposition")).startsWith("attachment");
		List<JsonNode> lines = export.body().lines().map(this.json::readTree).toList();
		assertThat(lines).hasSize(6)
			.allSatisfy((line) -> assertThat(line.path("action").asString()).startsWith("invitation."));

		ApiResponse verified = officer.post("/api/v1/audit-events/verify", Map.of());
		assertThat(verified.status()).isEqualTo(200);
		JsonNode result = this.json.readTree(verified.body());
		assertThat(result.path("intact").asBoolean()).isTrue();
		assertThat(result.path("eventsChecked").asLong()).isGreaterThan(6);
		assertThat(result.path("brokenSeq").isNull()).isTrue();
	}

	@Test
	void refusesStoreManagers() {
		ApiClient manager = api(this.fixture.a().managerEmail());
		assertThat(manager.get("/api/v1/audit-events").status()).isEqualTo(403);
		assertThat(manager.get("/api/v1/audit-events/1").status()).isEqualTo(403);
		assertThat(manager.get("/api/v1/audit-events/export?format=csv").status()).isEqualTo(403);
		assertThat(manager.post("/api/v1/audit-events/verify", Map.of()).status()).isEqualTo(403);
	}

	@Test
	void showsNothingOfAnotherTenant() {
		ApiClient adminB = api(this.fixture.b().adminEmail());
		JsonNode page = this.json.readTree(adminB.get("/api/v1/audit-events?limit=500").body());
		assertThat(page.path("items")).isNotEmpty()
			.allSatisfy(
					(item) -> assertThat(item.path("tenantId").asString()).isEqualTo(this.fixture.b().id().toString()));
		assertThat(adminB.get("/api/v1/audit-events/export?format=csv").body())
			.doesNotContain(this.fixture.a().id().toString());
	}

	private ApiClient api(String email) {
		return ApiClient.bearer(this.port, ApiClient.jwtFor(email, true));
	}

}
