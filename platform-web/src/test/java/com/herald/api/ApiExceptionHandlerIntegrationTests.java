package com.herald.api;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Pageable;

import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.ApiClient;
import com.herald.support.ApiKeyClients;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.InvitationService;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantService;
import com.herald.tenancy.TwoTenants.TenantFixture;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input to the API: a problem document that says what is wrong, and nothing written.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiExceptionHandlerIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	TenantService tenants;

	@Autowired
	StoreService stores;

	@Autowired
	InvitationService invitations;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ApiKeyClients apiKeyClients;

	TenantFixture tenant;

	ApiClient admin;

	ApiClient root;

	@BeforeAll
	void createTenant() {
		this.tenant = this.tenancy.tenant();
		this.admin = this.apiKeyClients.issue(this.tenant, "validation", Role.TENANT_ADMIN);
		this.root = ApiClient.bearer(this.port, ApiClient.jwtFor(HeraldWebTest.ROOT_EMAIL, true));
	}

	@Test
	void answersADuplicateSlugWithConflict() {
		String slug = this.tenant.tenant().getSlug();

		ApiResponse response = this.root.post("/api/v1/tenants", Map.of("slug", slug, "name", "Copy"));

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("errors").path("slug").asString()).contains("already taken");
		assertThat(this.tenants.list(TwoTenants.platform(), slug, Pageable.ofSize(10)).getContent())
			.extracting((tenant) -> tenant.getName())
			.containsExactly(this.tenant.tenant().getName());
	}

	@Test
	void answersAMalformedEmailWithItsFieldAndWritesNothing() {
		long before = invitationCount();

		ApiResponse response = this.admin.post("/api/v1/invitations",
				Map.of("email", "not-an-email", "role", "COMPLIANCE_OFFICER"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("errors").path("email").asString()).contains("valid email");
		assertThat(invitationCount()).isEqualTo(before);
	}

	@Test
	void answersSeveralBadFieldsAtOnce() {
		ApiResponse response = this.admin.get("/api/v1/stores?page=-1&size=1000");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("errors").propertyNames()).containsExactlyInAnyOrder("page", "size");
	}

	@Test
	void answersMalformedJsonWithBadRequest() {
		ApiResponse response = this.admin.post("/api/v1/invitations", "{\"email\": ");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at com.");
	}

	@Test
	void answersAWronglyTypedFieldWithItsName() {
		ApiResponse response = this.admin.post("/api/v1/invitations",
				Map.of("email", "x@example.com", "role", "COMPLIANCE_OFFICER", "storeIds", "not-a-list"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("errors").propertyNames())
			.anySatisfy((field) -> assertThat(field).contains("storeIds"));
	}

	@Test
	void answersAMalformedIdWithBadRequest() {
		ApiResponse response = this.admin.get("/api/v1/stores/not-a-uuid");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("errors").has("id")).isTrue();
	}

	@Test
	void answersAnUnknownRoleWithTheRolesToUse() {
		ApiResponse response = this.admin.post("/api/v1/api-keys", Map.of("name", "x", "role", "SUPER_ADMIN"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().path("errors").path("role").asString()).contains("TENANT_ADMIN");
	}

	private long invitationCount() {
		return this.invitations.list(this.tenant.admin(this.accounts), Pageable.ofSize(1)).getTotalElements();
	}

}
