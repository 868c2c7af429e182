package com.herald;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;

import static org.assertj.core.api.Assertions.assertThat;

@HeraldWebTest
class HeraldApplicationIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void reportsHealthAndServesMetrics() {
		WebSession anonymous = new WebSession(this.port);
		assertThat(anonymous.get("/actuator/health").body()).contains("\"status\":\"UP\"");
		assertThat(anonymous.get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
	}

	@Test
	void sendsAnonymousVisitorsToSignIn() {
		HttpResponse<String> response = new WebSession(this.port).get("/");
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((l) -> assertThat(l).endsWith("/login"));
	}

	@Test
	void signsInTheFirstSuperAdmin() {
		WebSession root = WebSession.signedIn(this.port, HeraldWebTest.ROOT_EMAIL, HeraldWebTest.ROOT_PASSWORD);
		assertThat(root.get("/").body()).contains("Herald platform").contains(HeraldWebTest.ROOT_EMAIL);
	}

}
