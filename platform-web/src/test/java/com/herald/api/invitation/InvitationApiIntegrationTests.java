package com.herald.api.invitation;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.ApiClient;
import com.herald.support.ApiKeyClients;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.InvitationService;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;

import static org.assertj.core.api.Assertions.assertThat;

/** Invitations through the API: the accept link once, then list and revoke. */
@HeraldWebTest
class InvitationApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	InvitationService invitations;

	@Autowired
	ApiKeyClients apiKeyClients;

	TwoTenants fixture;

	ApiClient admin;

	@BeforeEach
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.admin = this.apiKeyClients.issue(this.fixture.a(), "invitations", Role.TENANT_ADMIN);
	}

	@Test
	void invitesWithALinkShownOnce() {
		String email = "new-" + System.nanoTime() + "@fixture.test";
		String store = this.fixture.a().storeOne().getId().toString();

		ApiResponse created = this.admin.post("/api/v1/invitations",
				Map.of("email", email, "role", "STORE_MANAGER", "storeIds", List.of(store)));

		assertThat(created.status()).isEqualTo(201);
		String acceptUrl = created.json().path("acceptUrl").asString();
		assertThat(acceptUrl).startsWith("http://localhost:" + this.port + "/invitations/");
		String token = acceptUrl.substring(acceptUrl.lastIndexOf('/') + 1);
		assertThat(this.invitations.findPending(token))
			.hasValueSatisfying((pending) -> assertThat(pending.invitation().getEmail()).isEqualTo(email));
		ApiResponse list = this.admin.get("/api/v1/invitations");
		assertThat(list.itemValues("email")).contains(email);
		assertThat(list.body()).doesNotContain(token);
	}

	@Test
	void revokesAnInvitation() {
		String email = "revoked-" + System.nanoTime() + "@fixture.test";
		ApiResponse created = this.admin.post("/api/v1/invitations", Map.of("email", email, "role", "TENANT_ADMIN"));
		String id = created.json().path("invitation").path("id").asString();
		String acceptUrl = created.json().path("acceptUrl").asString();

		assertThat(this.admin.delete("/api/v1/invitations/" + id).status()).isEqualTo(204);

		assertThat(this.invitations.findPending(acceptUrl.substring(acceptUrl.lastIndexOf('/') + 1))).isEmpty();
		assertThat(this.admin.delete("/api/v1/invitations/" + id).status()).as("already revoked").isEqualTo(400);
	}

	@Test
	void keepsTenantsApart() {
		ApiResponse created = this.admin.post("/api/v1/invitations",
				Map.of("email", "apart-" + System.nanoTime() + "@fixture.test", "role", "TENANT_ADMIN"));
		String id = created.json().path("invitation").path("id").asString();
		ApiClient adminOfB = ApiClient.bearer(this.port, ApiClient.jwtFor(this.fixture.b().adminEmail(), true));

		assertThat(adminOfB.get("/api/v1/invitations").itemValues("id")).doesNotContain(id);
		assertThat(adminOfB.delete("/api/v1/invitations/" + id).status()).isEqualTo(404);
	}

	@Test
	void answersAnInvitationOfSomeoneAlreadyThereWithConflict() {
		ApiResponse response = this.admin.post("/api/v1/invitations",
				Map.of("email", this.fixture.a().managerEmail(), "role", "TENANT_ADMIN"));

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.json().path("errors").has("email")).isTrue();
	}

}
