package com.herald.security;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Pageable;

import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.ApiClient;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.ApiKey;
import com.herald.tenancy.ApiKeyService;
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
 * Who may call {@code /api/**}: tenant API keys and OAuth2 JWTs from the configured
 * issuer (the test OIDC provider), each bound to exactly one tenant per request.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAuthenticationIntegrationTests {

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
	ApiKeyService apiKeys;

	TwoTenants fixture;

	String adminKeyOfA;

	@BeforeAll
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.adminKeyOfA = this.apiKeys.create(this.fixture.a().admin(this.accounts), "integration", Role.TENANT_ADMIN)
			.key();
	}

	@Test
	void authenticatesAnApiKeyAsItsTenantOnly() {
		ApiResponse response = ApiClient.bearer(this.port, this.adminKeyOfA).get("/api/v1/stores");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.itemValues("name")).containsExactlyInAnyOrder(this.fixture.a().storeOne().getName(),
				this.fixture.a().storeTwo().getName());
		assertThat(response.header("Set-Cookie")).as("the API keeps no session").isEmpty();
	}

	@Test
	void acceptsTheKeyInTheApiKeyHeaderToo() {
		ApiResponse response = ApiClient.anonymous(this.port)
			.withHeader("X-API-Key", this.adminKeyOfA)
			.get("/api/v1/stores");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.itemValues("name")).contains(this.fixture.a().storeOne().getName());
	}

	@Test
	void answersAnotherTenantsStoreIdWithNotFound() {
		ApiResponse response = ApiClient.bearer(this.port, this.adminKeyOfA)
			.get("/api/v1/stores/" + this.fixture.b().storeOne().getId());

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.body()).doesNotContain(this.fixture.b().storeOne().getName());
	}

	@Test
	void rejectsCallsWithoutCredentials() {
		ApiResponse response = ApiClient.anonymous(this.port).get("/api/v1/stores");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer realm=\"herald\"");
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.json().path("status").asInt()).isEqualTo(401);
	}

	@Test
	void rejectsAnUnknownKey() {
		String forged = "hrd_AAAAAAAAAAAA_" + "a".repeat(43);
		ApiResponse response = ApiClient.bearer(this.port, forged).get("/api/v1/stores");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
	}

	@Test
	void rejectsARevokedKey() {
		ApiKeyService.IssuedApiKey issued = this.apiKeys.create(this.fixture.a().admin(this.accounts), "to revoke",
				Role.TENANT_ADMIN);
		ApiClient client = ApiClient.bearer(this.port, issued.key());
		assertThat(client.get("/api/v1/stores").status()).isEqualTo(200);

		this.apiKeys.revoke(this.fixture.a().admin(this.accounts), issued.apiKey().getId());

		ApiResponse response = client.get("/api/v1/stores");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void rejectsTheKeyOfASuspendedTenant() {
		TenantFixture other = this.tenancy.tenant();
		String key = this.apiKeys.create(other.admin(this.accounts), "suspended soon", Role.TENANT_ADMIN).key();
		ApiClient client = ApiClient.bearer(this.port, key);
		assertThat(client.get("/api/v1/stores").status()).isEqualTo(200);

		this.tenants.suspend(TwoTenants.platform(), other.id());

		assertThat(client.get("/api/v1/stores").status()).isEqualTo(401);
	}

	@Test
	void recordsWhenAKeyWasLastUsed() {
		ApiKeyService.IssuedApiKey issued = this.apiKeys.create(this.fixture.a().admin(this.accounts), "last used",
				Role.TENANT_ADMIN);
		assertThat(lastUsed(issued).getLastUsedAt()).isNull();

		ApiClient.bearer(this.port, issued.key()).get("/api/v1/stores");

		assertThat(lastUsed(issued).getLastUsedAt()).isNotNull();
	}

	@Test
	void forbidsWhatTheKeysRoleDoesNotAllow() {
		String complianceKey = this.apiKeys
			.create(this.fixture.a().admin(this.accounts), "compliance", Role.COMPLIANCE_OFFICER)
			.key();
		int storesBefore = this.stores.listAll(this.fixture.a().id()).size();

		ApiResponse response = ApiClient.bearer(this.port, complianceKey)
			.post("/api/v1/stores", Map.of("name", "Not allowed", "timezone", "UTC", "addressLine1", "1 Road", "city",
					"Town", "postalCode", "1000", "country", "US", "defaultPhoneRegion", "US"));

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(this.stores.listAll(this.fixture.a().id())).hasSize(storesBefore);
	}

	@Test
	void authenticatesAJwtByItsVerifiedEmail() {
		String token = ApiClient.jwtFor(this.fixture.a().adminEmail(), true);

		ApiResponse response = ApiClient.bearer(this.port, token).get("/api/v1/stores");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.itemValues("name")).containsExactlyInAnyOrder(this.fixture.a().storeOne().getName(),
				this.fixture.a().storeTwo().getName());
	}

	@Test
	void rejectsAJwtForAnUnknownEmail() {
		String token = ApiClient.jwtFor("nobody-" + System.nanoTime() + "@fixture.test", true);

		ApiResponse response = ApiClient.bearer(this.port, token).get("/api/v1/stores");

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).contains("invalid_token");
	}

	@Test
	void rejectsAJwtWhoseEmailIsNotVerified() {
		String token = ApiClient.jwtFor(this.fixture.a().adminEmail(), false);

		assertThat(ApiClient.bearer(this.port, token).get("/api/v1/stores").status()).isEqualTo(401);
	}

	@Test
	void rejectsATamperedJwt() {
		String token = ApiClient.jwtFor(this.fixture.a().adminEmail(), true);
		String tampered = token.substring(0, token.length() - 4) + "AAAA";

		assertThat(ApiClient.bearer(this.port, tampered).get("/api/v1/stores").status()).isEqualTo(401);
	}

	@Test
	void letsSomeoneOfSeveralTenantsChooseOnePerRequest() {
		TenantFixture second = this.tenancy.tenant();
		String email = this.fixture.b().adminEmail();
		String invitation = this.invitations
			.invite(second.admin(this.accounts), email, Role.TENANT_ADMIN, java.util.Set.of())
			.token();
		this.invitations.accept(invitation, null, null, "127.0.0.1", "test");
		ApiClient client = ApiClient.bearer(this.port, ApiClient.jwtFor(email, true));

		ApiResponse unchosen = client.get("/api/v1/stores");
		assertThat(unchosen.status()).isEqualTo(403);
		assertThat(unchosen.json().path("detail").asString()).contains("X-Herald-Tenant");

		assertThat(client.withHeader("X-Herald-Tenant", second.tenant().getSlug())
			.get("/api/v1/stores")
			.itemValues("name")).containsExactlyInAnyOrder(second.storeOne().getName(), second.storeTwo().getName());
		assertThat(client.withHeader("X-Herald-Tenant", this.fixture.b().id().toString())
			.get("/api/v1/stores")
			.itemValues("name"))
			.containsExactlyInAnyOrder(this.fixture.b().storeOne().getName(), this.fixture.b().storeTwo().getName());
		assertThat(client.withHeader("X-Herald-Tenant", this.fixture.a().tenant().getSlug())
			.get("/api/v1/stores")
			.status()).as("a tenant they do not work for").isEqualTo(403);
	}

	@Test
	void givesSuperAdminsThePlatformEndpoints() {
		ApiClient root = ApiClient.bearer(this.port, ApiClient.jwtFor(HeraldWebTest.ROOT_EMAIL, true));
		ApiClient tenantAdmin = ApiClient.bearer(this.port, this.adminKeyOfA);

		assertThat(root.get("/api/v1/tenants?q=" + this.fixture.a().tenant().getSlug()).itemValues("slug"))
			.containsExactly(this.fixture.a().tenant().getSlug());
		assertThat(tenantAdmin.get("/api/v1/tenants").status()).isEqualTo(403);
	}

	private ApiKey lastUsed(ApiKeyService.IssuedApiKey issued) {
		return this.apiKeys.list(this.fixture.a().admin(this.accounts), Pageable.ofSize(100))
			.stream()
			.filter((key) -> key.getId().equals(issued.apiKey().getId()))
			.findFirst()
			.orElseThrow();
	}

}
