package com.herald.email;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * Email settings through the REST API: the SendGrid key goes in but never comes out (not
 * in answers, not in the audit trail, not in clear in the database), bad values are
 * named, a store's sender overrides the tenant's and the platform's fills the gaps, and
 * store managers change only their own stores' sender.
 */
@HeraldWebTest
class EmailSettingsApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	EmailSettingsService settings;

	@Autowired
	EmailSenders senders;

	@Autowired
	AuditService audit;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcTemplate jdbc;

	private TwoTenants.TenantFixture tenant;

	private Actor admin;

	private ApiClient api;

	@BeforeEach
	void tenantAdmin() {
		this.tenant = this.tenancy.tenant();
		this.admin = this.tenant.admin(this.accounts);
		this.api = ApiClient.bearer(this.port, ApiClient.jwtFor(this.tenant.adminEmail(), true));
	}

	@Test
	void storesTheApiKeySealedAndNeverShowsIt() {
		String key = EmailTestKeys.apiKey();
		String webhookKey = EmailTestKeys.publicKey(EmailTestKeys.webhookKeys());
		Map<String, Object> request = sender("Acme Shoes", "news@acme.example", "help@acme.example");
		request.put("primaryProvider", "sendgrid");
		request.put("sendgridApiKey", key);
		request.put("sendgridWebhookKey", webhookKey);

		ApiResponse saved = this.api.put("/api/v1/settings/email", request);

		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		assertThat(saved.json().path("sendgridApiKeySet").asBoolean()).isTrue();
		assertThat(saved.json().path("primaryProvider").asString()).isEqualTo("sendgrid");
		assertThat(saved.json().path("provider").asString()).isEqualTo("sendgrid");
		assertThat(saved.json().path("sendgridWebhookKey").asString()).isEqualTo(webhookKey);
		assertThat(saved.body()).doesNotContain(key);
		assertThat(this.api.get("/api/v1/settings/email").body()).doesNotContain(key);

		byte[] stored = this.transactions.readInTenant(this.tenant.id(),
				() -> this.jdbc.queryForObject(
						"SELECT sendgrid_api_key_sealed FROM email_settings WHERE tenant_id = ? AND store_id IS NULL",
						byte[].class, this.tenant.id().value()));
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(key);
		EmailRoute route = this.settings.resolve(this.tenant.id(), null);
		assertThat(route.sendgridApiKey()).isEqualTo(key);
		assertThat(route.providers()).containsExactly("sendgrid");
		assertThat(route.toString()).doesNotContain(key);

		AuditEvent event = this.audit
			.search(this.admin, AuditFilter.all().withAction("email-settings.changed"), null, 1)
			.events()
			.get(0);
		assertThat(event.toString()).contains("news@acme.example").doesNotContain(key);
	}

	@Test
	void keepsTheStoredKeyWhenNoneIsSentAndForgetsItWhenAsked() {
		String key = EmailTestKeys.apiKey();
		Map<String, Object> first = sender("Acme", "news@acme.example", null);
		first.put("sendgridApiKey", key);
		this.api.put("/api/v1/settings/email", first);

		ApiResponse kept = this.api.put("/api/v1/settings/email", sender("Acme Shoes", "news@acme.example", null));
		assertThat(kept.json().path("sendgridApiKeySet").asBoolean()).isTrue();
		assertThat(kept.json().path("fromName").asString()).isEqualTo("Acme Shoes");
		assertThat(this.settings.resolve(this.tenant.id(), null).sendgridApiKey()).isEqualTo(key);

		Map<String, Object> forget = sender("Acme Shoes", "news@acme.example", null);
		forget.put("clearSendgridApiKey", true);
		ApiResponse forgotten = this.api.put("/api/v1/settings/email", forget);
		assertThat(forgotten.json().path("sendgridApiKeySet").asBoolean()).isFalse();
		assertThat(forgotten.json().path("provider").asString()).isEqualTo("sandbox");
	}

	@Test
	void namesEveryWrongFieldAndSavesNothing() {
		Map<String, Object> bad = new LinkedHashMap<>();
		bad.put("fromName", "Acme\r\nBcc: everyone@example.com");
		bad.put("fromAddress", "not an address");
		bad.put("replyTo", "help@");
		bad.put("primaryProvider", "carrier-pigeon");
		bad.put("sendgridApiKey", "hunter2");
		bad.put("sendgridWebhookKey", "not a key");

		ApiResponse refused = this.api.put("/api/v1/settings/email", bad);

		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.json().path("errors").propertyNames()).contains("fromName", "fromAddress", "replyTo",
				"primaryProvider", "sendgridApiKey", "sendgridWebhookKey");
		assertThat(this.api.get("/api/v1/settings/email").json().path("updatedAt").isNull()).isTrue();

		Map<String, Object> sameTwice = sender("Acme", "news@acme.example", null);
		sameTwice.put("primaryProvider", "smtp");
		sameTwice.put("secondaryProvider", "smtp");
		assertThat(this.api.put("/api/v1/settings/email", sameTwice).json().path("errors").has("secondaryProvider"))
			.isTrue();
		Map<String, Object> sendgridWithoutKey = sender("Acme", "news@acme.example", null);
		sendgridWithoutKey.put("primaryProvider", "sendgrid");
		ApiResponse noKey = this.api.put("/api/v1/settings/email", sendgridWithoutKey);
		assertThat(noKey.status()).isEqualTo(400);
		assertThat(noKey.json().path("errors").has("sendgridApiKey")).isTrue();
	}

	@Test
	void aStoresSenderOverridesTheTenantsAndThePlatformsFillsTheGaps() {
		assertThat(this.senders.resolve(this.tenant.id(), null))
			.as("nothing set: the platform's sender (herald.email.*)")
			.isEqualTo(new EmailSender("Herald", "herald@localhost", null));
		this.api.put("/api/v1/settings/email", sender("Acme", "news@acme.example", "help@acme.example"));

		ApiResponse saved = this.api.put("/api/v1/settings/email?storeId=" + this.tenant.storeOne().getId(),
				sender("Acme Downtown", "downtown@acme.example", null));

		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		assertThat(saved.json().path("effectiveReplyTo").asString()).isEqualTo("help@acme.example");
		assertThat(this.senders.resolve(this.tenant.id(), this.tenant.storeOne().getId().value()))
			.isEqualTo(new EmailSender("Acme Downtown", "downtown@acme.example", "help@acme.example"));
		assertThat(this.senders.resolve(this.tenant.id(), this.tenant.storeTwo().getId().value()))
			.isEqualTo(new EmailSender("Acme", "news@acme.example", "help@acme.example"));
	}

	@Test
	void storeManagersChangeOnlyTheSenderOfTheirOwnStore() {
		ApiClient manager = ApiClient.bearer(this.port, ApiClient.jwtFor(this.tenant.managerEmail(), true));
		String own = "/api/v1/settings/email?storeId=" + this.tenant.storeOne().getId();

		ApiResponse saved = manager.put(own, sender("Acme Uptown", "uptown@acme.example", null));
		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		assertThat(saved.json().path("fromName").asString()).isEqualTo("Acme Uptown");

		Map<String, Object> withKey = sender("Acme Uptown", "uptown@acme.example", null);
		withKey.put("sendgridApiKey", EmailTestKeys.apiKey());
		assertThat(manager.put(own, withKey).status()).as("providers and keys are the admin's").isEqualTo(403);
		assertThat(manager.put("/api/v1/settings/email", sender("X", "x@acme.example", null)).status())
			.as("the tenant's settings")
			.isEqualTo(403);
		assertThat(manager
			.put("/api/v1/settings/email?storeId=" + this.tenant.storeTwo().getId(),
					sender("X", "x@acme.example", null))
			.status()).as("another store").isEqualTo(403);
		assertThat(this.senders.resolve(this.tenant.id(), this.tenant.storeOne().getId().value()).fromName())
			.isEqualTo("Acme Uptown");
	}

	private static Map<String, Object> sender(String name, String address,
			@org.jspecify.annotations.Nullable String replyTo) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("fromName", name);
		request.put("fromAddress", address);
		if (replyTo != null) {
			request.put("replyTo", replyTo);
		}
		return request;
	}

}
