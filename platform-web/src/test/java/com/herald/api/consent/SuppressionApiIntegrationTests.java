package com.herald.api.consent;

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
 * The suppression list through the API: admins and store managers add, only admins lift,
 * compliance officers read, and each tenant sees only its own list.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SuppressionApiIntegrationTests {

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
		this.admin = this.apiKeyClients.issue(this.fixture.a(), "suppressions", Role.TENANT_ADMIN);
		this.manager = ApiClient.bearer(this.port, ApiClient.jwtFor(this.fixture.a().managerEmail(), true));
		this.compliance = this.apiKeyClients.issue(this.fixture.a(), "suppressions", Role.COMPLIANCE_OFFICER);
		this.otherAdmin = this.apiKeyClients.issue(this.fixture.b(), "suppressions", Role.TENANT_ADMIN);
	}

	@Test
	void addsListsAndLiftsSuppressions() {
		String email = ContactFixtures.email();

		ApiResponse added = this.admin.post("/api/v1/suppressions", Map.of("channel", "email", "address",
				email.toUpperCase(), "reason", "complaint", "note", "Spam report"));
		ApiResponse again = this.admin.post("/api/v1/suppressions",
				Map.of("channel", "email", "address", email, "reason", "bounced"));
		ApiResponse listed = this.compliance.get("/api/v1/suppressions?channel=email");
		ApiResponse byManager = this.manager.post("/api/v1/suppressions",
				Map.of("channel", "sms", "address", ContactFixtures.usPhone()));
		ApiResponse liftByManager = this.manager.delete("/api/v1/suppressions?channel=email&address=" + email);
		ApiResponse addByCompliance = this.compliance.post("/api/v1/suppressions",
				Map.of("channel", "email", "address", ContactFixtures.email()));
		ApiResponse lifted = this.admin.delete("/api/v1/suppressions?channel=email&address=" + email);
		ApiResponse liftedAgain = this.admin.delete("/api/v1/suppressions?channel=email&address=" + email);

		assertThat(added.status()).as(added.toString()).isEqualTo(201);
		assertThat(added.json().path("address").asString()).isEqualTo(email);
		assertThat(added.json().path("reason").asString()).isEqualTo("complaint");
		assertThat(again.json().path("reason").asString()).as("the first entry is kept").isEqualTo("complaint");
		assertThat(listed.status()).isEqualTo(200);
		assertThat(listed.itemValues("address")).contains(email);
		assertThat(byManager.status()).as(byManager.toString()).isEqualTo(201);
		assertThat(byManager.json().path("reason").asString()).isEqualTo("manual");
		assertThat(liftByManager.status()).isEqualTo(403);
		assertThat(addByCompliance.status()).isEqualTo(403);
		assertThat(lifted.status()).as(lifted.toString()).isEqualTo(204);
		assertThat(liftedAgain.status()).isEqualTo(404);
		assertThat(this.admin.get("/api/v1/suppressions?channel=email").itemValues("address")).doesNotContain(email);
	}

	@Test
	void refusesInvalidInput() {
		ApiResponse response = this.admin.post("/api/v1/suppressions",
				Map.of("channel", "pigeon", "address", "", "reason", "boredom"));
		ApiResponse badPhone = this.admin.post("/api/v1/suppressions", Map.of("channel", "sms", "address", "12"));
		ApiResponse badLimit = this.admin.get("/api/v1/suppressions?limit=0");

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json().path("errors").propertyNames()).contains("channel", "address", "reason");
		assertThat(badPhone.status()).as(badPhone.toString()).isEqualTo(400);
		assertThat(badLimit.status()).isEqualTo(400);
	}

	@Test
	void eachTenantSeesAndLiftsOnlyItsOwnList() {
		String email = ContactFixtures.email();
		assertThat(this.admin.post("/api/v1/suppressions", Map.of("channel", "email", "address", email)).status())
			.isEqualTo(201);

		ApiResponse otherList = this.otherAdmin.get("/api/v1/suppressions?limit=500");
		ApiResponse otherLift = this.otherAdmin.delete("/api/v1/suppressions?channel=email&address=" + email);

		assertThat(otherList.status()).isEqualTo(200);
		assertThat(otherList.itemValues("address")).doesNotContain(email);
		assertThat(otherLift.status()).isEqualTo(404);
		assertThat(this.admin.get("/api/v1/suppressions?channel=email").itemValues("address")).contains(email);
	}

}
