package com.herald.email.smtp;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.audit.AuditEvent;
import com.herald.audit.AuditFilter;
import com.herald.audit.AuditService;
import com.herald.support.ApiClient;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SMTP settings through the REST API: the password goes in but never comes out (not in
 * answers, not in the audit trail, not in clear in the database), bad values are named
 * and nothing is saved, a store's server overrides the tenant's, and one tenant's server
 * is nothing to another.
 */
@HeraldWebTest
class SmtpSettingsApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	SmtpSettingsService settings;

	@Autowired
	AuditService audit;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcTemplate jdbc;

	private TwoTenants.TenantFixture tenant;

	private Actor admin;

	private ApiClient api;

	private final String password = "smtp-secret-" + UUID.randomUUID();

	@BeforeEach
	void tenantAdmin() {
		this.tenant = this.tenancy.tenant();
		this.admin = this.tenant.admin(this.accounts);
		this.api = ApiClient.bearer(this.port, ApiClient.jwtFor(this.tenant.adminEmail(), true));
	}

	@Test
	void storesThePasswordSealedAndNeverShowsIt() {
		ApiResponse saved = this.api.put("/api/v1/settings/smtp", request("smtp.example.com", this.password));

		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		assertThat(saved.json().path("host").asString()).isEqualTo("smtp.example.com");
		assertThat(saved.json().path("port").asInt()).isEqualTo(587);
		assertThat(saved.json().path("security").asString()).isEqualTo("starttls");
		assertThat(saved.json().path("passwordSet").asBoolean()).isTrue();
		assertThat(saved.body()).doesNotContain(this.password);
		assertThat(this.api.get("/api/v1/settings/smtp").body()).doesNotContain(this.password);

		byte[] stored = this.transactions.readInTenant(this.tenant.id(),
				() -> this.jdbc.queryForObject("SELECT password_sealed FROM email_smtp_settings WHERE tenant_id = ?",
						byte[].class, this.tenant.id().value()));
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(this.password);
		SmtpServer server = this.settings.resolve(this.tenant.id(), null).orElseThrow();
		assertThat(server.password()).isEqualTo(this.password);
		assertThat(server.toString()).doesNotContain(this.password);

		AuditEvent event = this.audit.search(this.admin, AuditFilter.all().withAction("smtp-settings.changed"), null, 1)
			.events()
			.get(0);
		assertThat(event.toString()).contains("smtp.example.com").doesNotContain(this.password);
	}

	@Test
	void keepsThePasswordWhenNoneIsSentAndForgetsItOnRequest() {
		this.api.put("/api/v1/settings/smtp", request("smtp.example.com", this.password));

		ApiResponse kept = this.api.put("/api/v1/settings/smtp", request("smtp2.example.com", null));
		assertThat(kept.json().path("passwordSet").asBoolean()).isTrue();
		assertThat(this.settings.resolve(this.tenant.id(), null).orElseThrow().password()).isEqualTo(this.password);

		Map<String, Object> forget = request("smtp2.example.com", null);
		forget.put("clearPassword", true);
		ApiResponse forgotten = this.api.put("/api/v1/settings/smtp", forget);
		assertThat(forgotten.json().path("passwordSet").asBoolean()).isFalse();
		assertThat(this.settings.resolve(this.tenant.id(), null).orElseThrow().password()).isNull();
	}

	@Test
	void namesEveryWrongFieldAndSavesNothing() {
		this.api.put("/api/v1/settings/smtp", request("smtp.example.com", this.password));
		Map<String, Object> bad = new LinkedHashMap<>();
		bad.put("host", "not a host!");
		bad.put("port", 70000);
		bad.put("security", "maybe");
		bad.put("password", "line\r\nbreak");

		ApiResponse refused = this.api.put("/api/v1/settings/smtp", bad);

		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.json().path("errors").propertyNames()).contains("host", "port", "security", "password",
				"username");
		assertThat(this.api.get("/api/v1/settings/smtp").json().path("host").asString()).isEqualTo("smtp.example.com");
	}

	@Test
	void aStoresServerOverridesTheTenantsAndAnEmptyHostRemovesIt() {
		this.api.put("/api/v1/settings/smtp", request("tenant-smtp.example.com", this.password));
		String storeUrl = "/api/v1/settings/smtp?storeId=" + this.tenant.storeOne().getId();

		ApiResponse inherited = this.api.get(storeUrl);
		assertThat(inherited.json().path("inheritedFromTenant").asBoolean()).isTrue();
		ApiResponse saved = this.api.put(storeUrl, request("store-smtp.example.com", null));

		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		assertThat(this.settings.resolve(this.tenant.id(), this.tenant.storeOne().getId().value()).orElseThrow().host())
			.isEqualTo("store-smtp.example.com");
		assertThat(this.settings.resolve(this.tenant.id(), this.tenant.storeTwo().getId().value()).orElseThrow().host())
			.isEqualTo("tenant-smtp.example.com");

		this.api.put(storeUrl, Map.of("host", ""));
		assertThat(this.settings.resolve(this.tenant.id(), this.tenant.storeOne().getId().value()).orElseThrow().host())
			.isEqualTo("tenant-smtp.example.com");
	}

	@Test
	void anotherTenantNeitherSeesNorUsesTheServer() {
		this.api.put("/api/v1/settings/smtp", request("only-a.example.com", this.password));
		TwoTenants.TenantFixture other = this.tenancy.tenant();
		ApiClient otherAdmin = ApiClient.bearer(this.port, ApiClient.jwtFor(other.adminEmail(), true));

		ApiResponse theirs = otherAdmin.get("/api/v1/settings/smtp");

		assertThat(theirs.status()).isEqualTo(200);
		assertThat(theirs.body()).doesNotContain("only-a.example.com");
		assertThat(this.settings.resolve(other.id(), null)).isEmpty();
		assertThat(otherAdmin.get("/api/v1/settings/smtp?storeId=" + this.tenant.storeOne().getId()).status())
			.isEqualTo(404);
	}

	private static Map<String, Object> request(String host, @org.jspecify.annotations.Nullable String password) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("host", host);
		request.put("port", 587);
		request.put("security", "starttls");
		request.put("username", "mailer@example.com");
		if (password != null) {
			request.put("password", password);
		}
		return request;
	}

}
