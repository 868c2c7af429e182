package com.herald.demo;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.InvitationService;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.Tenant;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantService;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo seed: a tenant with two stores, one person per role and generated contacts,
 * seeded once however often Herald starts.
 */
@HeraldWebTest
class DemoDataIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenantService tenants;

	@Autowired
	StoreService stores;

	@Autowired
	InvitationService invitations;

	@Autowired
	ContactGenerator contacts;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcClient jdbc;

	@Test
	void seedsTheDemoTenantOnceAndItsPeopleCanSignIn() {
		DemoData demo = new DemoData(this.tenants, this.stores, this.invitations, this.contacts, 120,
				String.valueOf(this.port));
		demo.run(new DefaultApplicationArguments());
		demo.run(new DefaultApplicationArguments());

		var demoTenants = this.tenants.list(TwoTenants.platform(), DemoData.SLUG, Pageable.ofSize(50))
			.stream()
			.filter((tenant) -> tenant.getSlug().equals(DemoData.SLUG))
			.toList();
		assertThat(demoTenants).extracting(Tenant::getName).containsExactly("Demo Salons");
		TenantId demoTenant = demoTenants.get(0).getId();
		assertThat(this.transactions.readInTenant(demoTenant,
				() -> this.jdbc.sql("SELECT count(*) FROM contacts WHERE tenant_id = ?")
					.param(demoTenant.value())
					.query(Long.class)
					.single()))
			.as("generated once, not again on the second start")
			.isEqualTo(120);

		WebSession manager = WebSession.signedIn(this.port, "downtown@demo.herald.local", DemoData.PASSWORD);
		assertThat(manager.get("/stores").body()).contains("Downtown").doesNotContain("Riverside");
		WebSession admin = WebSession.signedIn(this.port, "admin@demo.herald.local", DemoData.PASSWORD);
		assertThat(admin.get("/stores").body()).contains("Downtown").contains("Riverside");
		assertThat(admin.get("/contacts").body()).contains("@example.com");
		assertThat(admin.get("/users").body()).contains("downtown@demo.herald.local")
			.contains("compliance@demo.herald.local");
		WebSession.signedIn(this.port, "compliance@demo.herald.local", DemoData.PASSWORD);
	}

}
