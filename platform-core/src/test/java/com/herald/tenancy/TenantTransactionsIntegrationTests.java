package com.herald.tenancy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.herald.HeraldIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The binding between {@link TenantContext} and the database session: every transaction
 * the JPA transaction manager begins carries the thread's tenant into
 * {@code app.tenant_id}, JDBC work in it runs on the same connection, and nothing
 * outlives the transaction.
 */
@HeraldIntegrationTest
class TenantTransactionsIntegrationTests {

	private static final String SETTINGS = "SELECT coalesce(current_setting('app.tenant_id', true), '') || '|'"
			+ " || coalesce(current_setting('app.platform_access', true), '')";

	@Autowired
	TenantService tenants;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void usesTheTenantBindingTransactionManager() {
		assertThat(this.transactionManager).isInstanceOf(TenantBindingTransactionManager.class);
	}

	@Test
	void bindsTheTenantForReadsAndWrites() {
		TenantId tenant = newTenant();
		assertThat(this.transactions.readInTenant(tenant, this::settings)).isEqualTo(tenant + "|");
		assertThat(this.transactions.inTenant(tenant, this::settings)).isEqualTo(tenant + "|");
		assertThat(this.transactions.readInTenant(tenant, () -> count("tenants"))).isOne();
	}

	@Test
	void bindsPlatformAccessOnlyOnThePlatformPath() {
		assertThat(this.transactions.readAsPlatform(this::settings)).isEqualTo("|on");
		assertThat(this.transactions.asPlatform(this::settings)).isEqualTo("|on");
		assertThat(this.transactions.readAsPlatform(() -> count("tenants"))).isGreaterThanOrEqualTo(2);
	}

	@Test
	void bindsTheThreadsTenantContextInPlainSpringTransactions() {
		TenantId tenant = newTenant();
		TransactionTemplate template = new TransactionTemplate(this.transactionManager);
		String bound = TenantContext.callInTenant(tenant, () -> template.execute((status) -> settings()));
		String unbound = template.execute((status) -> settings());
		Long visible = template.execute((status) -> count("tenants"));
		assertThat(bound).isEqualTo(tenant + "|");
		assertThat(unbound).as("nothing bound on this thread").isEqualTo("|");
		assertThat(visible).as("fails closed").isZero();
	}

	@Test
	void rebindsANestedCallAndRestoresTheOuterTenant() {
		TenantId a = newTenant();
		TenantId b = newTenant();
		String[] seen = this.transactions.inTenant(a, () -> {
			String outerBefore = settings();
			String inner = this.transactions.readInTenant(b, this::settings);
			String platform = this.transactions.readAsPlatform(this::settings);
			return new String[] { outerBefore, inner, platform, settings() };
		});
		assertThat(seen).containsExactly(a + "|", b + "|", "|on", a + "|");
	}

	@Test
	void leavesNothingBoundOnThePooledConnectionAfterTheTransaction() {
		TenantId tenant = newTenant();
		for (int i = 0; i < 20; i++) {
			this.transactions.readInTenant(tenant, this::settings);
			this.transactions.readAsPlatform(this::settings);
			// no transaction: auto-commit statements on whichever pooled connection comes
			// next
			assertThat(settings()).isEqualTo("|");
			assertThat(count("tenants")).isZero();
		}
	}

	@Test
	void showsATenantOnlyItsOwnTenantRow() {
		TenantId a = newTenant();
		TenantId b = newTenant();
		assertThat(
				this.transactions.readInTenant(a, () -> this.jdbc.queryForList("SELECT id FROM tenants", UUID.class)))
			.containsExactly(a.value());
		assertThat(
				this.transactions.readInTenant(b, () -> this.jdbc.queryForList("SELECT id FROM tenants", UUID.class)))
			.containsExactly(b.value());
	}

	private String settings() {
		return this.jdbc.queryForObject(SETTINGS, String.class);
	}

	private long count(String table) {
		Long count = this.jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
		return (count != null) ? count : -1;
	}

	private TenantId newTenant() {
		String key = UUID.randomUUID().toString().substring(0, 8);
		return this.tenants.create(TwoTenants.platform(), "tx-" + key, "Tx " + key).getId();
	}

}
