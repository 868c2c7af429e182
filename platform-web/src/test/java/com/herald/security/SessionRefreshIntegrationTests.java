package com.herald.security;

import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Pageable;

import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.Actor;
import com.herald.tenancy.Member;
import com.herald.tenancy.MembershipService;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants.TenantFixture;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A changed role or a removal takes effect at the member's next request, not at their
 * next sign-in.
 */
@HeraldWebTest
class SessionRefreshIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	StoreService stores;

	@Autowired
	MembershipService memberships;

	@Autowired
	UserAccountService accounts;

	TenantFixture tenant;

	Actor admin;

	@BeforeEach
	void createTenant() {
		this.tenant = this.tenancy.tenant();
		this.admin = this.tenant.admin(this.accounts);
	}

	@Test
	void appliesARoleChangeToASessionThatIsAlreadySignedIn() {
		WebSession manager = WebSession.signedIn(this.port, this.tenant.managerEmail(), TwoTenants.PASSWORD);
		assertThat(manager.get("/stores").statusCode()).isEqualTo(200);

		this.memberships.change(this.admin, member(this.tenant.managerEmail()).membershipId(), Role.COMPLIANCE_OFFICER,
				Set.of());

		assertThat(manager.get("/stores").statusCode()).isEqualTo(403);
		assertThat(manager.get("/audit").statusCode()).isEqualTo(200);
	}

	@Test
	void signsOutAMemberWhoWasRemoved() {
		WebSession compliance = WebSession.signedIn(this.port, this.tenant.complianceEmail(), TwoTenants.PASSWORD);
		assertThat(compliance.get("/").statusCode()).isEqualTo(200);

		this.memberships.remove(this.admin, member(this.tenant.complianceEmail()).membershipId());

		var response = compliance.get("/");
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?inactive"));
		assertThat(compliance.get("/").statusCode()).as("the session is gone").isEqualTo(302);
	}

	private Member member(String email) {
		return this.memberships.list(this.admin, Pageable.ofSize(50))
			.stream()
			.filter((member) -> member.email().equals(email))
			.findFirst()
			.orElseThrow();
	}

}
