package com.herald.tenancy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.HeraldIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@HeraldIntegrationTest
class ApiKeyServiceIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	TenantService tenants;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ApiKeyService apiKeys;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcTemplate jdbc;

	TwoTenants fixture;

	AuditEvents audit;

	Actor admin;

	@BeforeEach
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.audit = new AuditEvents(this.transactions, this.jdbc);
		this.admin = this.fixture.a().admin(this.accounts);
	}

	@Test
	void authenticatesANewKeyAsItsTenantAndRoleAndStoresOnlyAHash() {
		long mark = this.audit.mark(this.fixture.a().id());
		ApiKeyService.IssuedApiKey issued = this.apiKeys.create(this.admin, "Reporting", Role.COMPLIANCE_OFFICER);

		assertThat(issued.key()).matches("hrd_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}");
		assertThat(this.apiKeys.authenticate(issued.key())).hasValueSatisfying((identity) -> {
			assertThat(identity.id()).isEqualTo(issued.apiKey().getId());
			assertThat(identity.tenantId()).isEqualTo(this.fixture.a().id());
			assertThat(identity.role()).isEqualTo(Role.COMPLIANCE_OFFICER);
			assertThat(identity.name()).isEqualTo("Reporting");
		});
		String secret = issued.key().substring(issued.key().lastIndexOf('_') + 1);
		String stored = this.transactions.readInTenant(this.fixture.a().id(),
				() -> this.jdbc.queryForObject("SELECT secret_hash FROM api_keys WHERE id = ?", String.class,
						issued.apiKey().getId().value()));
		assertThat(stored).isNotEqualTo(secret).doesNotContain(secret);
		assertThat(this.apiKeys.list(this.admin, Pageable.ofSize(10)).getContent()).singleElement()
			.satisfies((key) -> assertThat(key.getLastUsedAt()).isNotNull());
		assertThat(this.audit.since(this.fixture.a().id(), mark)).singleElement().satisfies((event) -> {
			assertThat(event.action()).isEqualTo("api_key.created");
			assertThat(event.targetId()).isEqualTo(issued.apiKey().getId().toString());
		});
	}

	@Test
	void rejectsWrongSecretsAndMalformedKeys() {
		String key = this.apiKeys.create(this.admin, "Sync", Role.TENANT_ADMIN).key();
		String wrongSecret = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
		assertThat(this.apiKeys.authenticate(wrongSecret)).isEmpty();
		assertThat(this.apiKeys.authenticate("hrd_short")).isEmpty();
		assertThat(this.apiKeys.authenticate("")).isEmpty();
		assertThat(this.apiKeys.authenticate(key)).isPresent();
	}

	@Test
	void authenticatesNothingOnceRevoked() {
		ApiKeyService.IssuedApiKey issued = this.apiKeys.create(this.admin, "Old", Role.TENANT_ADMIN);
		long mark = this.audit.mark(this.fixture.a().id());

		this.apiKeys.revoke(this.admin, issued.apiKey().getId());

		assertThat(this.apiKeys.authenticate(issued.key())).isEmpty();
		assertThat(this.audit.since(this.fixture.a().id(), mark)).extracting(AuditEvents.Event::action)
			.containsExactly("api_key.revoked");
	}

	@Test
	void authenticatesNothingWhileTheTenantIsSuspended() {
		String key = this.apiKeys.create(this.admin, "Nightly", Role.TENANT_ADMIN).key();
		long mark = this.audit.markPlatform();

		this.tenants.suspend(TwoTenants.platform(), this.fixture.a().id());
		assertThat(this.apiKeys.authenticate(key)).isEmpty();

		this.tenants.reactivate(TwoTenants.platform(), this.fixture.a().id());
		assertThat(this.apiKeys.authenticate(key)).isPresent();
		assertThat(this.audit.platformSince(mark))
			.filteredOn((event) -> this.fixture.a().id().toString().equals(event.targetId()))
			.extracting(AuditEvents.Event::action)
			.containsExactly("tenant.suspended", "tenant.reactivated");
	}

	@Test
	void hidesAnotherTenantsKeys() {
		ApiKeyService.IssuedApiKey theirs = this.apiKeys.create(this.fixture.b().admin(this.accounts), "Theirs",
				Role.TENANT_ADMIN);

		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.apiKeys.revoke(this.admin, theirs.apiKey().getId()));
		assertThat(this.apiKeys.list(this.admin, Pageable.ofSize(10)).getContent()).isEmpty();
		assertThat(this.apiKeys.authenticate(theirs.key()))
			.hasValueSatisfying((identity) -> assertThat(identity.tenantId()).isEqualTo(this.fixture.b().id()));
	}

	@Test
	void deniesKeyManagementToOtherRolesAndStoreScopedKeys() {
		assertThatExceptionOfType(PermissionDeniedException.class)
			.isThrownBy(() -> this.apiKeys.create(this.fixture.a().manager(this.accounts), "Mine", Role.TENANT_ADMIN));
		assertThatExceptionOfType(PermissionDeniedException.class).isThrownBy(
				() -> this.apiKeys.create(this.fixture.a().compliance(this.accounts), "Mine", Role.TENANT_ADMIN));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.apiKeys.create(this.admin, "Store key", Role.STORE_MANAGER));
		assertThat(this.apiKeys.list(this.admin, Pageable.ofSize(10)).getContent()).isEmpty();
	}

}
