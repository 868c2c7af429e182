package com.herald.tenancy;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.HeraldIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@HeraldIntegrationTest
class InvitationServiceIntegrationTests {

	static final String PASSWORD = "invited-password-2026";

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	InvitationService invitations;

	@Autowired
	UserAccountService accounts;

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
	void acceptingCreatesTheAccountAndTheMembershipAndAuditsBoth() {
		String email = newEmail();
		StoreId store = this.fixture.a().storeOne().getId();
		long mark = this.audit.mark(this.fixture.a().id());

		InvitationService.IssuedInvitation issued = this.invitations.invite(this.admin, email, Role.STORE_MANAGER,
				Set.of(store));
		assertThat(issued.token()).hasSizeGreaterThan(30);
		assertThat(this.invitations.findPending(issued.token())).hasValueSatisfying((pending) -> {
			assertThat(pending.tenantName()).isEqualTo(this.fixture.a().tenant().getName());
			assertThat(pending.accountExists()).isFalse();
		});

		UserAccount user = this.invitations.accept(issued.token(), "New Person", PASSWORD, "10.0.0.1", "junit");

		assertThat(user.getEmail()).isEqualTo(email);
		assertThat(user.getPasswordHash()).isNotBlank().doesNotContain(PASSWORD);
		assertThat(this.accounts.findByEmail(email)).isPresent();
		assertThat(this.accounts.memberships(user.getId())).singleElement().satisfies((membership) -> {
			assertThat(membership.tenantId()).isEqualTo(this.fixture.a().id());
			assertThat(membership.role()).isEqualTo(Role.STORE_MANAGER);
			assertThat(membership.storeIds()).containsExactly(store);
		});
		assertThat(this.audit.since(this.fixture.a().id(), mark)).satisfiesExactly((created) -> {
			assertThat(created.action()).isEqualTo("invitation.created");
			assertThat(created.actorId()).isEqualTo(this.admin.id());
			assertThat(created.targetId()).isEqualTo(issued.invitation().getId().toString());
		}, (accepted) -> {
			assertThat(accepted.action()).isEqualTo("invitation.accepted");
			assertThat(accepted.actorId()).isEqualTo(user.getId().toString());
			assertThat(accepted.actorRole()).isEqualTo("STORE_MANAGER");
		});
	}

	@Test
	void addsAnExistingAccountToASecondTenantWithoutANewPassword() {
		String memberOfB = this.fixture.b().complianceEmail();
		UserId user = this.accounts.findByEmail(memberOfB).orElseThrow().getId();
		String token = this.invitations.invite(this.admin, memberOfB, Role.COMPLIANCE_OFFICER, Set.of()).token();
		assertThat(this.invitations.findPending(token))
			.hasValueSatisfying((p) -> assertThat(p.accountExists()).isTrue());

		UserAccount accepted = this.invitations.accept(token, null, null, null, null);

		assertThat(accepted.getId()).isEqualTo(user);
		assertThat(this.accounts.memberships(user)).extracting(TenantMembership::tenantId)
			.containsExactlyInAnyOrder(this.fixture.a().id(), this.fixture.b().id());
	}

	@Test
	void rejectsAnAlreadyUsedToken() {
		String token = this.invitations.invite(this.admin, newEmail(), Role.COMPLIANCE_OFFICER, Set.of()).token();
		this.invitations.accept(token, "Once", PASSWORD, null, null);

		assertThat(this.invitations.findPending(token)).isEmpty();
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.invitations.accept(token, "Twice", PASSWORD, null, null))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsKey("token"));
	}

	@Test
	void rejectsARevokedToken() {
		String email = newEmail();
		InvitationService.IssuedInvitation issued = this.invitations.invite(this.admin, email, Role.COMPLIANCE_OFFICER,
				Set.of());
		long mark = this.audit.mark(this.fixture.a().id());

		this.invitations.revoke(this.admin, issued.invitation().getId());

		assertThat(this.audit.since(this.fixture.a().id(), mark)).extracting(AuditEvents.Event::action)
			.containsExactly("invitation.revoked");
		assertThat(this.invitations.findPending(issued.token())).isEmpty();
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.invitations.accept(issued.token(), "Late", PASSWORD, null, null));
		assertThat(this.accounts.findByEmail(email)).isEmpty();
	}

	@Test
	void rejectsAnExpiredToken() {
		String email = newEmail();
		InvitationService.IssuedInvitation issued = this.invitations.invite(this.admin, email, Role.COMPLIANCE_OFFICER,
				Set.of());
		// the tenant's own transaction may update its invitations (row-level security
		// allows it)
		this.transactions.runInTenant(this.fixture.a().id(),
				() -> this.jdbc.update("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = ?",
						issued.invitation().getId().value()));

		assertThat(this.invitations.findPending(issued.token())).isEmpty();
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.invitations.accept(issued.token(), "Late", PASSWORD, null, null));
		assertThat(this.accounts.findByEmail(email)).isEmpty();
	}

	@Test
	void rejectsAnUnknownToken() {
		assertThat(this.invitations.findPending("not-a-token")).isEmpty();
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.invitations.accept("not-a-token", "Nobody", PASSWORD, null, null));
	}

	@Test
	void rejectsInvitingSomeoneWhoAlreadyWorksForTheTenant() {
		long mark = this.audit.mark(this.fixture.a().id());
		assertThatExceptionOfType(DuplicateException.class)
			.isThrownBy(() -> this.invitations.invite(this.admin, this.fixture.a().managerEmail().toUpperCase(),
					Role.TENANT_ADMIN, Set.of()))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsKey("email"));
		assertThat(this.audit.since(this.fixture.a().id(), mark)).isEmpty();
	}

	@Test
	void rejectsMalformedEmailsAndForeignStores() {
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.invitations.invite(this.admin, "not-an-email", Role.COMPLIANCE_OFFICER, Set.of()))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsKey("email"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.invitations.invite(this.admin, newEmail(), Role.STORE_MANAGER,
					Set.of(this.fixture.b().storeOne().getId())))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsKey("storeIds"));
	}

	@Test
	void leavesNoAccountAndAPendingInvitationWhenThePasswordIsTooWeak() {
		String email = newEmail();
		String token = this.invitations.invite(this.admin, email, Role.COMPLIANCE_OFFICER, Set.of()).token();
		long mark = this.audit.mark(this.fixture.a().id());

		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.invitations.accept(token, "Weak", "short", null, null))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsKey("password"));

		assertThat(this.accounts.findByEmail(email)).isEmpty();
		assertThat(this.invitations.findPending(token)).isPresent();
		assertThat(this.audit.since(this.fixture.a().id(), mark)).isEmpty();
	}

	@Test
	void rollsBackTheAcceptanceWhenTheMembershipCannotBeCreated() {
		// two invitations for one person: the second fails after it was marked accepted
		String email = newEmail();
		String first = this.invitations.invite(this.admin, email, Role.COMPLIANCE_OFFICER, Set.of()).token();
		String second = this.invitations.invite(this.admin, email, Role.TENANT_ADMIN, Set.of()).token();
		UserAccount user = this.invitations.accept(first, "Twice Invited", PASSWORD, null, null);
		long mark = this.audit.mark(this.fixture.a().id());

		assertThatExceptionOfType(DuplicateException.class)
			.isThrownBy(() -> this.invitations.accept(second, null, null, null, null));

		assertThat(this.invitations.findPending(second)).as("the second invitation is still pending").isPresent();
		assertThat(this.accounts.memberships(user.getId())).singleElement()
			.satisfies((membership) -> assertThat(membership.role()).isEqualTo(Role.COMPLIANCE_OFFICER));
		assertThat(this.audit.since(this.fixture.a().id(), mark)).isEmpty();
	}

	@Test
	void hidesAnotherTenantsInvitations() {
		InvitationService.IssuedInvitation theirs = this.invitations.invite(this.fixture.b().admin(this.accounts),
				newEmail(), Role.COMPLIANCE_OFFICER, Set.of());

		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.invitations.revoke(this.admin, theirs.invitation().getId()));
		assertThat(this.invitations.list(this.admin, Pageable.ofSize(100)).getContent())
			.extracting(Invitation::getTenantId)
			.containsOnly(this.fixture.a().id().value());
		assertThat(this.invitations.findPending(theirs.token())).as("still pending").isPresent();
	}

	@Test
	void deniesInvitationsToOtherRoles() {
		for (Actor actor : new Actor[] { this.fixture.a().manager(this.accounts),
				this.fixture.a().compliance(this.accounts) }) {
			assertThatExceptionOfType(PermissionDeniedException.class)
				.isThrownBy(() -> this.invitations.invite(actor, newEmail(), Role.TENANT_ADMIN, Set.of()));
			assertThatExceptionOfType(PermissionDeniedException.class)
				.isThrownBy(() -> this.invitations.list(actor, Pageable.ofSize(10)));
		}
	}

	private static String newEmail() {
		return "invitee-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
	}

}
