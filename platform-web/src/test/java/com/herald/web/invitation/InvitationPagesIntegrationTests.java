package com.herald.web.invitation;

import java.net.URI;
import java.net.http.HttpResponse;
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
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

@HeraldWebTest
class InvitationPagesIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	InvitationService invitations;

	@Autowired
	UserAccountService accounts;

	@Test
	void explainsALinkThatDoesNotWork() {
		HttpResponse<String> page = new WebSession(this.port).get("/invitations/no-such-token");
		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.body()).contains("This invitation link does not work")
			.contains("Ask the person who invited you")
			.doesNotContain("Exception");
	}

	@Test
	void createsTheAccountOnlyWhenEverythingIsRight() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		String email = "new-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
		String token = this.invitations
			.invite(tenant.admin(this.accounts), email, Role.STORE_MANAGER, Set.of(tenant.storeOne().getId()))
			.token();
		WebSession visitor = new WebSession(this.port);
		String path = "/invitations/" + token;
		assertThat(visitor.get(path).body()).contains("Join " + tenant.tenant().getName())
			.contains("Store manager")
			.contains(email);

		HttpResponse<String> mismatch = visitor.post(path, Map.of("displayName", "Nora New", "password",
				"a-long-password-1", "confirmPassword", "a-long-password-2"));
		assertThat(mismatch.body()).contains("id=\"confirmPassword-error\"")
			.contains("The two passwords are not the same")
			.containsPattern("id=\"displayName\"[^>]*value=\"Nora New\"")
			.doesNotContain("a-long-password-1");
		HttpResponse<String> tooShort = visitor.post(path,
				Map.of("displayName", "Nora New", "password", "short", "confirmPassword", "short"));
		assertThat(tooShort.body()).contains("id=\"password-error\"").contains("Use at least 12 characters");
		assertThat(this.accounts.findByEmail(email)).isEmpty();

		HttpResponse<String> accepted = visitor.post(path, Map.of("displayName", "Nora New", "password",
				"a-long-password-1", "confirmPassword", "a-long-password-1"));
		assertThat(accepted.statusCode()).isEqualTo(302);
		assertThat(location(accepted)).contains("/login");
		assertThat(visitor.get(location(accepted)).body()).contains("Welcome to " + tenant.tenant().getName());
		WebSession.signedIn(this.port, email, "a-long-password-1");

		assertThat(visitor.get(path).statusCode()).isEqualTo(404);
	}

	@Test
	void addsTheTenantToAnExistingAccountWithoutAskingForAPassword() {
		TwoTenants two = this.tenancy.twoTenants();
		String token = this.invitations
			.invite(two.b().admin(this.accounts), two.a().adminEmail(), Role.COMPLIANCE_OFFICER, Set.of())
			.token();
		WebSession visitor = new WebSession(this.port);
		String page = visitor.get("/invitations/" + token).body();
		assertThat(page).contains("You already have a Herald account").doesNotContain("id=\"password\"");
		assertThat(visitor.post("/invitations/" + token, Map.of()).statusCode()).isEqualTo(302);
		assertThat(this.accounts.memberships(this.accounts.findByEmail(two.a().adminEmail()).orElseThrow().getId()))
			.hasSize(2);
	}

	/** Where a redirect goes, as a path on this server. */
	private static String location(HttpResponse<String> response) {
		URI uri = URI.create(response.headers().firstValue("Location").orElseThrow());
		return uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
	}

}
