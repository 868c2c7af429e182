package com.herald.tenancy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.HeraldIntegrationTest;
import com.herald.audit.AuditChains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tenant lifecycle goes to the platform chain, work inside a tenant to the tenant's own
 * chain, and a tenant never sees the platform chain or another tenant's.
 */
@HeraldIntegrationTest
class TenantAuditIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	TenantService tenants;

	@Autowired
	UserAccountService accounts;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void recordsTheTenantLifecycleInThePlatformChain() {
		AuditEvents audit = new AuditEvents(this.transactions, this.jdbc);
		long mark = audit.markPlatform();
		Actor platform = TwoTenants.platform();
		String key = UUID.randomUUID().toString().substring(0, 8);

		Tenant tenant = this.tenants.create(platform, "life-" + key, "Lifecycle " + key);
		this.tenants.rename(platform, tenant.getId(), "Renamed " + key);
		this.tenants.suspend(platform, tenant.getId());
		this.tenants.reactivate(platform, tenant.getId());

		assertThat(audit.platformSince(mark)).filteredOn((event) -> tenant.getId().toString().equals(event.targetId()))
			.allSatisfy((event) -> {
				assertThat(event.chain()).isEqualTo(AuditChains.PLATFORM);
				assertThat(event.targetType()).isEqualTo("tenant");
				assertThat(event.actorRole()).isEqualTo("SUPER_ADMIN");
			})
			.extracting(AuditEvents.Event::action)
			.containsExactly("tenant.created", "tenant.renamed", "tenant.suspended", "tenant.reactivated");
		assertThat(audit.since(tenant.getId(), 0)).as("the tenant's own chain").isEmpty();
	}

	@Test
	void rejectsInvalidTenantChangesAndWritesNothing() {
		AuditEvents audit = new AuditEvents(this.transactions, this.jdbc);
		Actor platform = TwoTenants.platform();
		String key = UUID.randomUUID().toString().substring(0, 8);
		Tenant tenant = this.tenants.create(platform, "bad-" + key, "Bad " + key);
		long mark = audit.markPlatform();

		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.tenants.create(platform, "Not A Slug!", "Whatever"));
		assertThatExceptionOfType(DuplicateException.class)
			.isThrownBy(() -> this.tenants.create(platform, tenant.getSlug(), "Again"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.tenants.reactivate(platform, tenant.getId()));
		assertThatExceptionOfType(PermissionDeniedException.class).isThrownBy(() -> this.tenants
			.create(platform.withTenant(tenant.getId(), Role.TENANT_ADMIN, java.util.Set.of()), "x-" + key, "X"));

		assertThat(audit.platformSince(mark))
			.filteredOn((event) -> tenant.getId().toString().equals(event.targetId())
					|| "tenant.created".equals(event.action()) && event.actorRole() == null)
			.isEmpty();
		assertThat(this.tenants.get(platform, tenant.getId()).isActive()).isTrue();
	}

	@Test
	void keepsEachTenantsChainToItself() {
		TwoTenants fixture = this.tenancy.twoTenants();
		AuditEvents audit = new AuditEvents(this.transactions, this.jdbc);

		assertThat(audit.since(fixture.a().id(), 0)).isNotEmpty()
			.allSatisfy((event) -> assertThat(event.chain()).isEqualTo(fixture.a().id().value()))
			.extracting(AuditEvents.Event::action)
			.contains("store.created", "invitation.created", "invitation.accepted");
		assertThat(this.transactions.readInTenant(fixture.a().id(),
				() -> this.jdbc.queryForList("SELECT DISTINCT tenant_id FROM audit_events", UUID.class)))
			.containsExactly(fixture.a().id().value());
		assertThat(this.transactions.readInTenant(fixture.a().id(),
				() -> this.jdbc.queryForObject("SELECT count(*) FROM audit_events WHERE tenant_id IN (?, ?)",
						Long.class, fixture.b().id().value(), AuditChains.PLATFORM)))
			.isZero();
	}

	@Test
	void chainsEveryEventOfATenantToThePreviousOne() {
		TwoTenants fixture = this.tenancy.twoTenants();
		Long broken = this.transactions.readInTenant(fixture.a().id(), () -> this.jdbc.queryForObject("""
				SELECT count(*) FROM (
				  SELECT e.hash = audit_event_hash(e) AS hash_ok,
				         e.prev_hash IS NOT DISTINCT FROM lag(e.hash) OVER (ORDER BY e.seq) AS link_ok
				  FROM audit_events e WHERE e.tenant_id = ?) checked
				WHERE NOT (hash_ok AND link_ok)
				""", Long.class, fixture.a().id().value()));
		assertThat(broken).isZero();
	}

}
