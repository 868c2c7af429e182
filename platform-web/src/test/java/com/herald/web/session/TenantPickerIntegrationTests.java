package com.herald.web.session;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.InvitationService;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantService;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

@HeraldWebTest
class TenantPickerIntegrationTests {

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

	@Test
	void letsASuperAdminWhoWorksForATenantSwitchBetweenItAndThePlatform() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		String email = "both-" + UUID.randomUUID().toString().substring(0, 8) + "@herald.test";
		this.accounts.createSuperAdmin(TwoTenants.platform(), email, "Both Hats", "both-hats-password");
		this.invitations.accept(
				this.invitations.invite(tenant.admin(this.accounts), email, Role.TENANT_ADMIN, Set.of()).token(), null,
				null, "127.0.0.1", "test");

		WebSession both = WebSession.signedIn(this.port, email, "both-hats-password");
		assertThat(both.get("/").body()).contains("Herald platform").contains("href=\"/tenants/select\"");
		assertThat(both.get("/stores").statusCode()).isEqualTo(403);

		String picker = both.get("/tenants/select").body();
		assertThat(picker).contains(tenant.tenant().getName()).contains("value=\"platform\"");
		both.post("/tenants/select", Map.of("tenantId", tenant.id().toString()));
		assertThat(both.get("/").body()).contains("You are now working in " + tenant.tenant().getName());
		assertThat(both.get("/stores").body()).contains(tenant.storeTwo().getName());

		both.get("/tenants/select");
		both.post("/tenants/select", Map.of("tenantId", "platform"));
		assertThat(both.get("/").body()).contains("You are now working on the platform.");
		assertThat(both.get("/stores").statusCode()).isEqualTo(403);
		assertThat(both.get("/admin/tenants").statusCode()).isEqualTo(200);
	}

	@Test
	void refusesThePlatformToOrdinaryMembers() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		WebSession admin = WebSession.signedIn(this.port, tenant.adminEmail(), TwoTenants.PASSWORD);
		admin.get("/tenants/select");
		admin.post("/tenants/select", Map.of("tenantId", "platform"));
		assertThat(admin.get("/admin/tenants").statusCode()).isEqualTo(403);
		assertThat(admin.get("/users").statusCode()).isEqualTo(200);
	}

}
