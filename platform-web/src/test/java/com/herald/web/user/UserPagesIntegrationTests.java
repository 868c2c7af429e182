package com.herald.web.user;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Pageable;

import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvitationService;
import com.herald.tenancy.Member;
import com.herald.tenancy.MembershipService;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserPagesIntegrationTests {

	private static final Pattern LINK = Pattern.compile("value=\"(http://localhost:\\d+/invitations/[^\"]+)\"");

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	InvitationService invitations;

	@Autowired
	MembershipService memberships;

	@Autowired
	UserAccountService accounts;

	TwoTenants two;

	@BeforeAll
	void createTenants() {
		this.two = this.tenancy.twoTenants();
	}

	@Test
	void showsTheInvitationLinkOnceAndTheLinkWorks() {
		WebSession admin = signIn(this.two.a().adminEmail());
		String email = "invitee-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
		admin.get("/users/invitations/new");
		HttpResponse<String> invited = admin.post("/users/invitations", Map.of("email", email, "role", "STORE_MANAGER",
				"storeIds", this.two.a().storeTwo().getId().toString()));
		assertThat(invited.statusCode()).isEqualTo(302);

		String page = admin.get("/users").body();
		Matcher link = LINK.matcher(page);
		assertThat(link.find()).as("the link is on the page after inviting").isTrue();
		assertThat(page).contains(email).contains(this.two.a().storeTwo().getName()).contains("Pending");
		assertThat(admin.get("/users").body()).doesNotContain(link.group(1));

		WebSession invitee = new WebSession(this.port);
		String path = URI.create(link.group(1)).getPath();
		assertThat(invitee.get(path).body()).contains("Join " + this.two.a().tenant().getName())
			.contains("Store manager");
	}

	@Test
	void showsInviteErrorsBesideTheirFields() {
		WebSession admin = signIn(this.two.a().adminEmail());
		admin.get("/users/invitations/new");
		HttpResponse<String> malformed = admin.post("/users/invitations",
				Map.of("email", "not-an-email", "role", "COMPLIANCE_OFFICER"));
		assertThat(malformed.body()).contains("id=\"email-error\"")
			.contains("Enter a valid email address")
			.containsPattern("id=\"email\"[^>]*value=\"not-an-email\"");

		HttpResponse<String> noStores = admin.post("/users/invitations",
				Map.of("email", "storeless@example.test", "role", "STORE_MANAGER"));
		assertThat(noStores.body()).contains("id=\"storeIds-error\"")
			.contains("A store manager needs at least one store")
			.containsPattern("<option value=\"STORE_MANAGER\" selected");
	}

	@Test
	void changesARoleAndRevokesAnInvitation() {
		Actor admin = this.two.a().admin(this.accounts);
		Member compliance = member(admin, this.two.a().complianceEmail());
		WebSession page = signIn(this.two.a().adminEmail());
		page.get("/users/" + compliance.membershipId());
		HttpResponse<String> changed = page.post("/users/" + compliance.membershipId(),
				Map.of("role", "STORE_MANAGER", "storeIds", this.two.a().storeTwo().getId().toString()));
		assertThat(changed.statusCode()).isEqualTo(302);
		Member after = this.memberships.get(admin, compliance.membershipId());
		assertThat(after.role()).isEqualTo(Role.STORE_MANAGER);
		assertThat(after.storeIds()).containsExactly(this.two.a().storeTwo().getId());

		var issued = this.invitations.invite(admin, "to-revoke@example.test", Role.COMPLIANCE_OFFICER, Set.of());
		page.get("/users");
		assertThat(page.post("/users/invitations/" + issued.invitation().getId() + "/revoke", Map.of()).statusCode())
			.isEqualTo(302);
		assertThat(this.invitations.findPending(issued.token())).isEmpty();
		HttpResponse<String> dead = new WebSession(this.port).get("/invitations/" + issued.token());
		assertThat(dead.statusCode()).isEqualTo(404);
		assertThat(dead.body()).contains("This invitation link does not work");
	}

	@Test
	void refusesToRemoveTheLastTenantAdminWithAMessage() {
		Actor admin = this.two.b().admin(this.accounts);
		Member self = member(admin, this.two.b().adminEmail());
		WebSession page = signIn(this.two.b().adminEmail());
		assertThat(page.get("/users").body()).doesNotContain("/users/" + self.membershipId());
		HttpResponse<String> refused = page.post("/users/" + self.membershipId() + "/remove", Map.of());
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("A tenant needs at least one tenant admin");
		assertThat(member(admin, this.two.b().adminEmail())).isNotNull();
	}

	@Test
	void keepsUserPagesToTenantAdminsOfTheTenant() {
		WebSession manager = signIn(this.two.a().managerEmail());
		assertThat(manager.get("/users").statusCode()).isEqualTo(403);
		assertThat(manager.get("/users/invitations/new").statusCode()).isEqualTo(403);

		Member foreign = member(this.two.b().admin(this.accounts), this.two.b().complianceEmail());
		WebSession admin = signIn(this.two.a().adminEmail());
		assertThat(admin.get("/users/" + foreign.membershipId()).statusCode()).isEqualTo(404);
		admin.get("/users");
		assertThat(admin.post("/users/" + foreign.membershipId() + "/remove", Map.of()).statusCode()).isEqualTo(404);
		assertThat(member(this.two.b().admin(this.accounts), this.two.b().complianceEmail())).isNotNull();
	}

	private Member member(Actor admin, String email) {
		return this.memberships.list(admin, Pageable.ofSize(100))
			.stream()
			.filter((m) -> m.email().equals(email))
			.findFirst()
			.orElse(null);
	}

	private WebSession signIn(String email) {
		return WebSession.signedIn(this.port, email, TwoTenants.PASSWORD);
	}

}
