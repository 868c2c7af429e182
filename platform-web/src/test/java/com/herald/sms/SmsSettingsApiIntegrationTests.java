package com.herald.sms;

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
 * SMS settings through the REST API: the auth token goes in but never comes out (not in
 * answers, not in the audit trail, not in clear in the database), bad values are named,
 * and a store's settings override the tenant's.
 */
@HeraldWebTest
class SmsSettingsApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	SmsSettingsService settings;

	@Autowired
	AuditService audit;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcTemplate jdbc;

	private TwoTenants.TenantFixture tenant;

	private Actor admin;

	private ApiClient api;

	private TwilioTestAccounts.Account account;

	@BeforeEach
	void tenantAdmin() {
		this.tenant = this.tenancy.tenant();
		this.admin = this.tenant.admin(this.accounts);
		this.api = ApiClient.bearer(this.port, ApiClient.jwtFor(this.tenant.adminEmail(), true));
		this.account = TwilioTestAccounts.newAccount();
	}

	@Test
	void storesTheAuthTokenSealedAndNeverShowsIt() {
		ApiResponse saved = this.api.put("/api/v1/settings/sms", request(this.account.token()));

		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		assertThat(saved.json().path("accountSid").asString()).isEqualTo(this.account.sid());
		assertThat(saved.json().path("authTokenSet").asBoolean()).isTrue();
		assertThat(saved.json().path("provider").asString()).isEqualTo("twilio");
		assertThat(saved.json().path("usesPlatformAccount").asBoolean()).isFalse();
		assertThat(saved.body()).doesNotContain(this.account.token());
		assertThat(this.api.get("/api/v1/settings/sms").body()).doesNotContain(this.account.token());

		byte[] stored = this.transactions.readInTenant(this.tenant.id(),
				() -> this.jdbc.queryForObject("SELECT auth_token_sealed FROM sms_settings WHERE tenant_id = ?",
						byte[].class, this.tenant.id().value()));
		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(this.account.token());
		assertThat(this.settings.resolve(this.tenant.id(), null).authToken()).isEqualTo(this.account.token());

		AuditEvent event = this.audit.search(this.admin, AuditFilter.all().withAction("sms-settings.changed"), null, 1)
			.events()
			.get(0);
		assertThat(event.toString()).contains(this.account.sid()).doesNotContain(this.account.token());
	}

	@Test
	void keepsTheStoredTokenWhenNoneIsSent() {
		this.api.put("/api/v1/settings/sms", request(this.account.token()));
		Map<String, Object> change = request(null);
		change.put("helpText", "New help");

		ApiResponse saved = this.api.put("/api/v1/settings/sms", change);

		assertThat(saved.status()).isEqualTo(200);
		assertThat(saved.json().path("helpText").asString()).isEqualTo("New help");
		assertThat(saved.json().path("authTokenSet").asBoolean()).isTrue();
		assertThat(this.settings.resolve(this.tenant.id(), null).authToken()).isEqualTo(this.account.token());
	}

	@Test
	void namesEveryWrongFieldAndSavesNothing() {
		Map<String, Object> bad = new LinkedHashMap<>();
		bad.put("accountSid", "AC123");
		bad.put("authToken", "short");
		bad.put("fromNumber", "call me");
		bad.put("messagingServiceSid", "MGnope");
		bad.put("helpText", "x".repeat(481));

		ApiResponse refused = this.api.put("/api/v1/settings/sms", bad);

		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.json().path("errors").propertyNames()).contains("accountSid", "authToken", "fromNumber",
				"messagingServiceSid", "helpText");
		assertThat(this.api.get("/api/v1/settings/sms").json().path("provider").asString()).isEqualTo("sandbox");
	}

	@Test
	void aStoresSettingsOverrideTheTenantsAndTheTenantsFillTheGaps() {
		this.api.put("/api/v1/settings/sms", request(this.account.token()));
		String storeFrom = com.herald.contact.ContactFixtures.usPhone();
		Map<String, Object> store = new LinkedHashMap<>();
		store.put("fromNumber", storeFrom);
		store.put("helpText", "Store help");

		ApiResponse saved = this.api.put("/api/v1/settings/sms?storeId=" + this.tenant.storeOne().getId(), store);

		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		SmsAccount forStore = this.settings.resolve(this.tenant.id(), this.tenant.storeOne().getId().value());
		assertThat(forStore.from()).isEqualTo(storeFrom);
		assertThat(forStore.helpText()).isEqualTo("Store help");
		assertThat(forStore.accountSid()).as("the tenant's account").isEqualTo(this.account.sid());
		SmsAccount forOtherStore = this.settings.resolve(this.tenant.id(), this.tenant.storeTwo().getId().value());
		assertThat(forOtherStore.from()).isEqualTo(this.account.from());
	}

	@Test // #4: the provider account's own rate, per sender
	void eachSendersRateIsSetBesideItAndAStoresWinsOverTheTenants() {
		Map<String, Object> tenantRate = request(this.account.token());
		tenantRate.put("messagesPerSecond", 4);
		ApiResponse saved = this.api.put("/api/v1/settings/sms", tenantRate);
		String storeFrom = com.herald.contact.ContactFixtures.usPhone();
		Map<String, Object> storeRate = new LinkedHashMap<>();
		storeRate.put("fromNumber", storeFrom);
		storeRate.put("messagesPerSecond", 30);
		ApiResponse store = this.api.put("/api/v1/settings/sms?storeId=" + this.tenant.storeOne().getId(), storeRate);

		assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
		assertThat(saved.json().path("messagesPerSecond").asInt()).isEqualTo(4);
		assertThat(saved.json().path("defaultMessagesPerSecond").asInt()).as("the platform's").isEqualTo(1);
		assertThat(store.status()).as(store.toString()).isEqualTo(200);
		assertThat(store.json().path("messagesPerSecond").asInt()).isEqualTo(30);
		assertThat(store.json().path("defaultMessagesPerSecond").asInt()).as("the tenant's").isEqualTo(4);
		SmsAccount forStore = this.settings.resolve(this.tenant.id(), this.tenant.storeOne().getId().value());
		assertThat(forStore.sender(com.herald.consent.Channel.SMS)).isEqualTo(storeFrom);
		assertThat(forStore.perSecond(com.herald.consent.Channel.SMS)).isEqualTo(30);
		SmsAccount forOtherStore = this.settings.resolve(this.tenant.id(), this.tenant.storeTwo().getId().value());
		assertThat(forOtherStore.sender(com.herald.consent.Channel.SMS)).as("the tenant's number")
			.isEqualTo(this.account.from());
		assertThat(forOtherStore.perSecond(com.herald.consent.Channel.SMS)).as("at the tenant's rate").isEqualTo(4);
		AuditEvent event = this.audit.search(this.admin, AuditFilter.all().withAction("sms-settings.changed"), null, 1)
			.events()
			.get(0);
		assertThat(event.summary()).contains("\"messagesPerSecond\": 30");
	}

	@Test
	void refusesARateOutOfRangeOrOnAStoreWithoutItsOwnSender() {
		Map<String, Object> tooFast = request(this.account.token());
		tooFast.put("messagesPerSecond", 10_001);
		Map<String, Object> noSender = new LinkedHashMap<>();
		noSender.put("messagesPerSecond", 5);

		ApiResponse fast = this.api.put("/api/v1/settings/sms", tooFast);
		tooFast.put("messagesPerSecond", 0);
		ApiResponse zero = this.api.put("/api/v1/settings/sms", tooFast);
		ApiResponse store = this.api.put("/api/v1/settings/sms?storeId=" + this.tenant.storeOne().getId(), noSender);

		assertThat(fast.status()).as(fast.toString()).isEqualTo(400);
		assertThat(fast.json().path("errors").path("messagesPerSecond").asString()).contains("1 to 10,000");
		assertThat(zero.status()).isEqualTo(400);
		assertThat(zero.json().path("errors").path("messagesPerSecond").asString()).contains("1 to 10,000");
		assertThat(store.status()).as(store.toString()).isEqualTo(400);
		assertThat(store.json().path("errors").path("messagesPerSecond").asString()).contains("own sender");
		assertThat(this.api.get("/api/v1/settings/sms").json().path("provider").asString()).as("nothing saved")
			.isEqualTo("sandbox");
		assertThat(this.api.get("/api/v1/settings/sms?storeId=" + this.tenant.storeOne().getId())
			.json()
			.path("messagesPerSecond")
			.isNull()).isTrue();
	}

	@Test
	void refusesANumberAnotherTenantAlreadyUses() {
		TwoTenants.TenantFixture other = this.tenancy.tenant();
		this.api.put("/api/v1/settings/sms", request(this.account.token()));
		ApiClient otherAdmin = ApiClient.bearer(this.port, ApiClient.jwtFor(other.adminEmail(), true));
		Map<String, Object> same = new LinkedHashMap<>();
		same.put("fromNumber", this.account.from());

		ApiResponse refused = otherAdmin.put("/api/v1/settings/sms", same);

		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().path("errors").has("fromNumber")).isTrue();
	}

	private Map<String, Object> request(@org.jspecify.annotations.Nullable String token) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("accountSid", this.account.sid());
		if (token != null) {
			request.put("authToken", token);
		}
		request.put("fromNumber", this.account.from());
		request.put("helpText", "Acme: reply STOP to opt out");
		return request;
	}

}
