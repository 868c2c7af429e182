package com.herald.tenancy;

import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.HeraldIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@HeraldIntegrationTest
class MembershipServiceIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	MembershipService memberships;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcTemplate jdbc;

	TwoTenants fixture;

	AuditEvents audit;

	@BeforeEach
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.audit = new AuditEvents(this.transactions, this.jdbc);
	}

	@Test
	void listsOnlyTheTenantsOwnMembers() {
		Actor admin = this.fixture.a().admin(this.accounts);
		assertThat(this.memberships.list(admin, Pageable.ofSize(50)).getContent()).extracting(Member::email)
			.containsExactlyInAnyOrder(this.fixture.a().adminEmail(), this.fixture.a().managerEmail(),
					this.fixture.a().complianceEmail());
	}

	@Test
	void refusesToDemoteTheLastTenantAdmin() {
		Actor admin = this.fixture.a().admin(this.accounts);
		Member self = member(this.fixture.a(), this.fixture.a().adminEmail());
		long mark = this.audit.mark(this.fixture.a().id());

		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.memberships.change(admin, self.membershipId(), Role.COMPLIANCE_OFFICER, Set.of()))
			.withMessageContaining("at least one tenant admin");

		assertThat(this.memberships.get(admin, self.membershipId()).role()).isEqualTo(Role.TENANT_ADMIN);
		assertThat(this.audit.since(this.fixture.a().id(), mark)).isEmpty();
	}

	@Test
	void refusesToRemoveTheLastTenantAdmin() {
		Actor admin = this.fixture.a().admin(this.accounts);
		Member self = member(this.fixture.a(), this.fixture.a().adminEmail());

		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.memberships.remove(admin, self.membershipId()))
			.withMessageContaining("at least one tenant admin");

		assertThat(this.memberships.get(admin, self.membershipId()).role()).isEqualTo(Role.TENANT_ADMIN);
	}

	@Test
	void demotesATenantAdminWhenAnotherRemainsAndAuditsIt() {
		Actor admin = this.fixture.a().admin(this.accounts);
		Member compliance = member(this.fixture.a(), this.fixture.a().complianceEmail());
		this.memberships.change(admin, compliance.membershipId(), Role.TENANT_ADMIN, Set.of());
		Member self = member(this.fixture.a(), this.fixture.a().adminEmail());
		long mark = this.audit.mark(this.fixture.a().id());

		Member demoted = this.memberships.change(admin, self.membershipId(), Role.STORE_MANAGER,
				Set.of(this.fixture.a().storeTwo().getId()));

		assertThat(demoted.role()).isEqualTo(Role.STORE_MANAGER);
		assertThat(demoted.storeIds()).containsExactly(this.fixture.a().storeTwo().getId());
		assertThat(this.accounts.memberships(self.userId())).singleElement().satisfies((membership) -> {
			assertThat(membership.role()).isEqualTo(Role.STORE_MANAGER);
			assertThat(membership.storeIds()).containsExactly(this.fixture.a().storeTwo().getId());
		});
		assertThat(this.audit.since(this.fixture.a().id(), mark)).singleElement().satisfies((event) -> {
			assertThat(event.action()).isEqualTo("membership.changed");
			assertThat(event.targetId()).isEqualTo(self.membershipId().toString());
			assertThat(event.actorId()).isEqualTo(admin.id());
		});
	}

	@Test
	void removesAMemberAndAuditsIt() {
		Actor admin = this.fixture.a().admin(this.accounts);
		Member manager = member(this.fixture.a(), this.fixture.a().managerEmail());
		long mark = this.audit.mark(this.fixture.a().id());

		this.memberships.remove(admin, manager.membershipId());

		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.memberships.get(admin, manager.membershipId()));
		assertThat(this.accounts.memberships(manager.userId())).isEmpty();
		assertThat(this.audit.since(this.fixture.a().id(), mark)).extracting(AuditEvents.Event::action)
			.containsExactly("membership.removed");
	}

	@Test
	void hidesAnotherTenantsMemberships() {
		Actor adminA = this.fixture.a().admin(this.accounts);
		Member theirs = member(this.fixture.b(), this.fixture.b().managerEmail());
		long mark = this.audit.mark(this.fixture.b().id());

		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.memberships.get(adminA, theirs.membershipId()));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.memberships.change(adminA, theirs.membershipId(), Role.TENANT_ADMIN, Set.of()));
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.memberships.remove(adminA, theirs.membershipId()));

		Member unchanged = member(this.fixture.b(), this.fixture.b().managerEmail());
		assertThat(unchanged.role()).isEqualTo(Role.STORE_MANAGER);
		assertThat(this.audit.since(this.fixture.b().id(), mark)).isEmpty();
	}

	@Test
	void refusesStoresOfAnotherTenant() {
		Actor adminA = this.fixture.a().admin(this.accounts);
		Member manager = member(this.fixture.a(), this.fixture.a().managerEmail());
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.memberships.change(adminA, manager.membershipId(), Role.STORE_MANAGER,
					Set.of(this.fixture.b().storeOne().getId())))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsKey("storeIds"));
		assertThat(member(this.fixture.a(), this.fixture.a().managerEmail()).storeIds())
			.containsExactly(this.fixture.a().storeOne().getId());
	}

	@Test
	void deniesMembershipManagementToOtherRoles() {
		Member compliance = member(this.fixture.a(), this.fixture.a().complianceEmail());
		for (Actor actor : new Actor[] { this.fixture.a().manager(this.accounts),
				this.fixture.a().compliance(this.accounts) }) {
			assertThatExceptionOfType(PermissionDeniedException.class)
				.isThrownBy(() -> this.memberships.list(actor, Pageable.ofSize(10)));
			assertThatExceptionOfType(PermissionDeniedException.class).isThrownBy(
					() -> this.memberships.change(actor, compliance.membershipId(), Role.TENANT_ADMIN, Set.of()));
			assertThatExceptionOfType(PermissionDeniedException.class)
				.isThrownBy(() -> this.memberships.remove(actor, compliance.membershipId()));
		}
	}

	private Member member(TwoTenants.TenantFixture tenant, String email) {
		return this.memberships.list(tenant.admin(this.accounts), Pageable.ofSize(50))
			.stream()
			.filter((member) -> member.email().equals(email))
			.findFirst()
			.orElseThrow();
	}

}
