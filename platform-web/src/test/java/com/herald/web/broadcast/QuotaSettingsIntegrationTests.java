package com.herald.web.broadcast;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The send quotas page as a tenant admin uses it: the limits in force, a channel's quotas
 * saved, typing mistakes named beside the box with what was typed kept, and no page for
 * store managers.
 */
@HeraldWebTest
class QuotaSettingsIntegrationTests {

	private static final String PAGE = "/broadcasts/settings/quotas";

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Test
	void anAdminSetsAChannelsQuotasAndSeesThemInForce() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		WebSession session = WebSession.signedIn(this.port, tenant.adminEmail(), TwoTenants.PASSWORD);

		String before = session.get(PAGE).body();
		assertThat(before).contains("Send quotas").contains("In force: 100").contains("Save SMS quotas");

		HttpResponse<String> saved = session.post(PAGE,
				Map.of("channel", "sms", "sms-perSecond", "25", "sms-perMinute", "1,200", "sms-perDay", ""));
		assertThat(saved.statusCode()).isEqualTo(302);
		String after = session.get(PAGE).body();
		assertThat(after).contains("Send quotas for SMS saved.")
			.contains("value=\"25\"")
			.contains("In force: 25")
			.contains("In force: 1,200");
		assertThat(session.get("/broadcasts/settings").body()).contains("href=\"/broadcasts/settings/quotas\"");
	}

	@Test
	void mistakesAreNamedBesideTheBoxAndWhatWasTypedIsKept() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		WebSession session = WebSession.signedIn(this.port, tenant.adminEmail(), TwoTenants.PASSWORD);
		session.get(PAGE);

		HttpResponse<String> refused = session.post(PAGE,
				Map.of("channel", "email", "email-perSecond", "lots", "email-perMinute", "0"));

		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(refused.body()).contains("id=\"email-perSecond-error\"")
			.contains("Enter a whole number")
			.contains("value=\"lots\"")
			.contains("href=\"#email-perSecond\"");
		assertThat(session.get(PAGE).body()).doesNotContain("value=\"lots\"").doesNotContain("In force: 0");
	}

	@Test
	void storeManagersHaveNoQuotaPage() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		WebSession session = WebSession.signedIn(this.port, tenant.managerEmail(), TwoTenants.PASSWORD);

		assertThat(session.get(PAGE).statusCode()).isEqualTo(403);
		session.get("/broadcasts");
		assertThat(session.post(PAGE, Map.of("channel", "sms", "sms-perSecond", "9999")).statusCode()).isEqualTo(403);
	}

}
