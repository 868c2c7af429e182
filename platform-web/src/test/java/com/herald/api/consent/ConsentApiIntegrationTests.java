package com.herald.api.consent;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.contact.ContactFixtures;
import com.herald.support.ApiClient;
import com.herald.support.ApiKeyClients;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A contact's consent ledger and preferences through the API: recorded with their
 * evidence, read back by compliance officers, refused to other tenants and other stores.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	ApiKeyClients apiKeyClients;

	TwoTenants fixture;

	ApiClient admin;

	ApiClient manager;

	ApiClient compliance;

	ApiClient otherAdmin;

	@BeforeAll
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.admin = ApiClient.bearer(this.port, ApiClient.jwtFor(this.fixture.a().adminEmail(), true));
		this.manager = ApiClient.bearer(this.port, ApiClient.jwtFor(this.fixture.a().managerEmail(), true));
		this.compliance = this.apiKeyClients.issue(this.fixture.a(), "consent", Role.COMPLIANCE_OFFICER);
		this.otherAdmin = this.apiKeyClients.issue(this.fixture.b(), "consent", Role.TENANT_ADMIN);
	}

	@Test
	void recordsConsentChangesWithTheirEvidence() {
		String id = contact(this.fixture.a().storeOne().getId().toString());
		Map<String, Object> optIn = new HashMap<>();
		optIn.put("channel", "sms");
		optIn.put("status", "opted_in");
		optIn.put("source", "form");
		optIn.put("wording", "Text me offers from Herald Shoes. Reply STOP to end.");
		optIn.put("ip", "203.0.113.9");
		optIn.put("userAgent", "Mozilla/5.0 test");

		ApiResponse in = this.admin.post("/api/v1/contacts/" + id + "/consents", optIn);
		ApiResponse out = this.manager.post("/api/v1/contacts/" + id + "/consents",
				Map.of("channel", "sms", "status", "opted_out"));
		ApiResponse history = this.compliance.get("/api/v1/contacts/" + id + "/consents");

		assertThat(in.status()).as(in.toString()).isEqualTo(201);
		assertThat(in.json().path("wording").asString()).isEqualTo(optIn.get("wording"));
		assertThat(out.status()).as(out.toString()).isEqualTo(201);
		assertThat(out.json().path("source").asString()).as("the API's default").isEqualTo("api");
		assertThat(history.status()).isEqualTo(200);
		assertThat(history.json().path("status").path("sms").asString()).isEqualTo("opted_out");
		assertThat(history.json().path("status").path("email").asString()).isEqualTo("unknown");
		assertThat(history.json().path("history").size()).isEqualTo(2);
		assertThat(history.json().path("history").get(1).path("status").asString()).isEqualTo("opted_in");
		assertThat(history.json().path("history").get(1).path("ip").asString()).isEqualTo("203.0.113.9");
		assertThat(history.json().path("history").get(1).path("source").asString()).isEqualTo("form");
	}

	@Test
	void refusesInvalidConsentAndReadOnlyCallers() {
		String id = contact(this.fixture.a().storeOne().getId().toString());

		ApiResponse noWording = this.admin.post("/api/v1/contacts/" + id + "/consents",
				Map.of("channel", "email", "status", "opted_in"));
		ApiResponse badValues = this.admin.post("/api/v1/contacts/" + id + "/consents",
				Map.of("channel", "pigeon", "status", "maybe", "source", "rumour"));
		ApiResponse byCompliance = this.compliance.post("/api/v1/contacts/" + id + "/consents",
				Map.of("channel", "sms", "status", "opted_out"));

		assertThat(noWording.status()).as(noWording.toString()).isEqualTo(400);
		assertThat(noWording.json().path("errors").has("wording")).isTrue();
		assertThat(badValues.status()).isEqualTo(400);
		assertThat(badValues.json().path("errors").propertyNames()).contains("channel", "status", "source");
		assertThat(byCompliance.status()).isEqualTo(403);
		assertThat(this.admin.get("/api/v1/contacts/" + id + "/consents").json().path("history").size()).isZero();
	}

	@Test
	void setsAndClearsPreferences() {
		String id = contact(this.fixture.a().storeOne().getId().toString());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("categories", Map.of("sms", Map.of("promotional", false), "email", Map.of("transactional", true)));
		body.put("quietHours", Map.of("start", "21:00", "end", "08:00"));
		body.put("frequencyCap", Map.of("messages", 3, "days", 7));

		ApiResponse set = this.manager.put("/api/v1/contacts/" + id + "/preferences", body);
		ApiResponse read = this.compliance.get("/api/v1/contacts/" + id + "/preferences");
		Map<String, Object> clear = new HashMap<>();
		clear.put("quietHours", null);
		clear.put("frequencyCap", null);
		ApiResponse cleared = this.admin.put("/api/v1/contacts/" + id + "/preferences", clear);
		ApiResponse invalid = this.admin.put("/api/v1/contacts/" + id + "/preferences",
				Map.of("frequencyCap", Map.of("messages", 0, "days", 7), "categories", Map.of("pigeon", Map.of())));

		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		assertThat(read.json().path("categories").path("sms").path("promotional").asBoolean(true)).isFalse();
		assertThat(read.json().path("categories").path("email").path("transactional").asBoolean()).isTrue();
		assertThat(read.json().path("quietHours").path("start").asString()).isEqualTo("21:00");
		assertThat(read.json().path("frequencyCap").path("messages").asInt()).isEqualTo(3);
		assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
		assertThat(cleared.json().path("quietHours").isNull()).isTrue();
		assertThat(cleared.json().path("frequencyCap").isNull()).isTrue();
		assertThat(cleared.json().path("categories").path("sms").path("promotional").asBoolean(true)).isFalse();
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.json().path("errors").propertyNames()).contains("frequencyCap.messages",
				"categories.pigeon");
	}

	@Test
	void otherTenantsAndOtherStoresGetNothing() {
		String id = contact(this.fixture.a().storeTwo().getId().toString());
		String consents = "/api/v1/contacts/" + id + "/consents";
		String preferences = "/api/v1/contacts/" + id + "/preferences";
		Map<String, Object> optOut = Map.of("channel", "sms", "status", "opted_out");
		Map<String, Object> cap = Map.of("frequencyCap", Map.of("messages", 1, "days", 1));

		assertThat(this.otherAdmin.get(consents).status()).isEqualTo(404);
		assertThat(this.otherAdmin.post(consents, optOut).status()).isEqualTo(404);
		assertThat(this.otherAdmin.get(preferences).status()).isEqualTo(404);
		assertThat(this.otherAdmin.put(preferences, cap).status()).isEqualTo(404);
		assertThat(this.manager.get(consents).status()).isEqualTo(403);
		assertThat(this.manager.post(consents, optOut).status()).isEqualTo(403);
		assertThat(this.manager.put(preferences, cap).status()).isEqualTo(403);
		assertThat(this.admin.get(consents).json().path("history").size()).isZero();
		assertThat(this.admin.get(preferences).json().path("frequencyCap").isNull()).isTrue();
	}

	private String contact(String storeId) {
		ApiResponse created = this.admin.post("/api/v1/contacts",
				Map.of("email", ContactFixtures.email(), "phone", ContactFixtures.usPhone(), "storeId", storeId));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asString();
	}

}
