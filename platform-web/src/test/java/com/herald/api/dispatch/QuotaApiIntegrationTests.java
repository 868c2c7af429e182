package com.herald.api.dispatch;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.audit.AuditEvent;
import com.herald.audit.AuditFilter;
import com.herald.audit.AuditService;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.channel.RateLimit;
import com.herald.consent.Channel;
import com.herald.dispatch.DispatchThrottle;
import com.herald.support.ApiClient;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Send quotas through the REST API: the platform default until the tenant sets its own,
 * bad limits named with nothing saved, every change audited, only tenant admins, and the
 * buckets the workers share take a changed limit without a restart.
 */
@HeraldWebTest
class QuotaApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	AuditService audit;

	@Autowired
	DispatchThrottle throttle;

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
	void aTenantSetsItsOwnQuotasOverThePlatformDefault() {
		ApiResponse before = this.api.get("/api/v1/settings/quotas");
		assertThat(before.status()).isEqualTo(200);
		assertThat(before.json().size()).isEqualTo(4);
		assertThat(before.json().get(0).path("channel").asString()).isEqualTo("sms");
		assertThat(before.json().get(0).path("perSecond").isNull()).isTrue();
		assertThat(before.json().get(0).path("effectivePerSecond").asLong()).as("the platform default").isEqualTo(100);

		ApiResponse saved = this.api.put("/api/v1/settings/quotas/sms", Map.of("perSecond", 20, "perDay", 50_000));

		assertThat(saved.status()).as(saved.body()).isEqualTo(200);
		assertThat(saved.json().path("perSecond").asLong()).isEqualTo(20);
		assertThat(saved.json().path("effectivePerSecond").asLong()).isEqualTo(20);
		assertThat(saved.json().path("perMinute").isNull()).isTrue();
		assertThat(saved.json().path("effectivePerDay").asLong()).isEqualTo(50_000);
		assertThat(this.api.get("/api/v1/settings/quotas").json().get(0).path("perSecond").asLong()).isEqualTo(20);
		AuditEvent event = this.audit
			.search(this.admin, AuditFilter.all().withAction("dispatch.quota_changed"), null, 1)
			.events()
			.get(0);
		assertThat(event.toString()).contains("perSecond").contains("50000").contains("sms");

		Map<String, Object> none = new HashMap<>();
		none.put("perSecond", null);
		ApiResponse cleared = this.api.put("/api/v1/settings/quotas/sms", none);
		assertThat(cleared.json().path("perSecond").isNull()).isTrue();
		assertThat(cleared.json().path("effectivePerSecond").asLong()).isEqualTo(100);
	}

	@Test
	void badLimitsAreNamedAndNothingIsSaved() {
		this.api.put("/api/v1/settings/quotas/whatsapp", Map.of("perSecond", 10));

		ApiResponse bad = this.api.put("/api/v1/settings/quotas/whatsapp",
				Map.of("perSecond", 0, "perMinute", 600_000_000L, "perDay", 5));
		ApiResponse unknown = this.api.put("/api/v1/settings/quotas/fax", Map.of("perSecond", 1));

		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().path("errors").path("perSecond").asString()).contains("1 to 100,000");
		assertThat(bad.json().path("errors").path("perMinute").asString()).contains("per minute");
		assertThat(bad.json().path("errors").has("perDay")).isFalse();
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json().path("errors").path("channel").asString()).contains("sms");
		assertThat(this.api.get("/api/v1/settings/quotas").json().get(1).path("perSecond").asLong()).isEqualTo(10);
	}

	@Test
	void onlyTenantAdminsSeeOrChangeQuotas() {
		ApiClient manager = ApiClient.bearer(this.port, ApiClient.jwtFor(this.tenant.managerEmail(), true));

		assertThat(manager.get("/api/v1/settings/quotas").status()).isEqualTo(403);
		assertThat(manager.put("/api/v1/settings/quotas/sms", Map.of("perSecond", 1_000)).status()).isEqualTo(403);
	}

	@Test
	void theSharedBucketsTakeAChangedLimitWhileSending() {
		RateLimit provider = RateLimit.perSecond(10_000);
		this.api.put("/api/v1/settings/quotas/sms", Map.of("perSecond", 5));
		assertThat(
				this.throttle.reserve(this.tenant.id(), Channel.SMS, "quota-test", "quota-test-sender", provider, 100))
			.as("a batch may take five at once")
			.isLessThanOrEqualTo(5);

		this.api.put("/api/v1/settings/quotas/sms", Map.of("perSecond", 200));

		BroadcastFixtures.await("the bucket refills at the new rate", () -> this.throttle.reserve(this.tenant.id(),
				Channel.SMS, "quota-test", "quota-test-sender", provider, 100) > 5);
	}

}
