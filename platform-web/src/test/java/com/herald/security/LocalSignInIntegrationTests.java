package com.herald.security;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants.TenantFixture;
import com.herald.tenancy.TwoTenants;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing in with a local account and a password, and signing out. */
@HeraldWebTest
class LocalSignInIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcTemplate jdbc;

	TenantFixture tenant;

	@BeforeEach
	void createTenant() {
		this.tenant = this.tenancy.tenant();
	}

	@Test
	void signsInWithTheRightPassword() {
		HttpResponse<String> response = new WebSession(this.port).signIn(this.tenant.adminEmail(), TwoTenants.PASSWORD);

		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(location(response)).endsWith("/");
	}

	@Test
	void refusesAWrongPasswordAndAuditsTheAttempt() {
		HttpResponse<String> response = new WebSession(this.port).signIn(this.tenant.managerEmail(),
				"not-the-password-2026");

		assertThat(location(response)).endsWith("/login?error");
		assertThat(auditedActions(this.tenant.managerEmail())).contains("auth.sign_in_failed")
			.doesNotContain("auth.signed_in");
	}

	@Test
	void locksTheAccountAfterFiveWrongPasswords() {
		WebSession session = new WebSession(this.port);
		String email = this.tenant.complianceEmail();
		for (int attempt = 1; attempt <= 4; attempt++) {
			assertThat(location(session.signIn(email, "wrong-password-" + attempt))).endsWith("/login?error");
		}

		assertThat(location(session.signIn(email, "wrong-password-5"))).endsWith("/login?locked");
		assertThat(location(session.signIn(email, TwoTenants.PASSWORD))).as("even the right password")
			.endsWith("/login?locked");
		assertThat(session.get("/").statusCode()).isEqualTo(302);
		assertThat(auditedActions(email)).filteredOn("auth.sign_in_failed"::equals).hasSizeGreaterThanOrEqualTo(6);
	}

	@Test
	void signsOut() {
		WebSession session = WebSession.signedIn(this.port, this.tenant.adminEmail(), TwoTenants.PASSWORD);
		assertThat(session.get("/").statusCode()).isEqualTo(200);

		HttpResponse<String> response = session.post("/logout", Map.of());

		assertThat(location(response)).endsWith("/login?signedOut");
		assertThat(session.get("/").statusCode()).isEqualTo(302);
		assertThat(auditedActions(this.tenant.adminEmail())).endsWith("auth.signed_out");
	}

	private List<String> auditedActions(String email) {
		return this.transactions.readAsPlatform(() -> this.jdbc.queryForList(
				"select action from audit_events where actor_label = ? order by occurred_at, seq", String.class,
				email));
	}

	private static String location(HttpResponse<String> response) {
		return response.headers().firstValue("Location").orElse("");
	}

}
