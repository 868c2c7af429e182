package com.herald.web.account;

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

@HeraldWebTest
class AccountPagesIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@LocalServerPort
	int port;

	@Test
	void changesThePasswordOnlyWithTheCurrentOne() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		WebSession me = WebSession.signedIn(this.port, tenant.managerEmail(), TwoTenants.PASSWORD);
		assertThat(me.get("/account").body()).contains(tenant.managerEmail())
			.contains(tenant.tenant().getName())
			.contains("as Store manager");

		HttpResponse<String> wrong = me.post("/account/password", Map.of("currentPassword", "not-my-password",
				"newPassword", "brand-new-password-1", "confirmPassword", "brand-new-password-1"));
		assertThat(wrong.body()).contains("id=\"currentPassword-error\"")
			.contains("Your current password is not correct");
		HttpResponse<String> mismatch = me.post("/account/password", Map.of("currentPassword", TwoTenants.PASSWORD,
				"newPassword", "brand-new-password-1", "confirmPassword", "brand-new-password-2"));
		assertThat(mismatch.body()).contains("id=\"confirmPassword-error\"");

		HttpResponse<String> changed = me.post("/account/password", Map.of("currentPassword", TwoTenants.PASSWORD,
				"newPassword", "brand-new-password-1", "confirmPassword", "brand-new-password-1"));
		assertThat(changed.statusCode()).isEqualTo(302);
		assertThat(me.get("/account").body()).contains("Your password is changed.");
		WebSession.signedIn(this.port, tenant.managerEmail(), "brand-new-password-1");
	}

}
