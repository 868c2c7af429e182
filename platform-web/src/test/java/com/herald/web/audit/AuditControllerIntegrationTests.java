package com.herald.web.audit;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.Store;
import com.herald.tenancy.StoreDetails;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantService;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one fixture for the class: tests only
												// add events
class AuditControllerIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	TenantService tenants;

	@Autowired
	StoreService stores;

	@Autowired
	UserAccountService accounts;

	TwoTenants fixture;

	Store awkwardStore;

	@BeforeAll
	void tenants() {
		this.fixture = this.tenancy.twoTenants();
		this.awkwardStore = this.stores.create(this.fixture.a().admin(this.accounts), new StoreDetails(
				"<b>Bold</b> & \"Co\"", ZoneId.of("UTC"), "1 Main St", null, "Albany", "NY", "12201", "US", "US"));
	}

	@Test
	void showsTheComplianceOfficerTheirTenantsEvents() {
		WebSession officer = signIn(this.fixture.a().complianceEmail());
		HttpResponse<String> page = officer.get("/audit");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<h1>Audit log</h1>")
			.contains("store.created")
			.contains("invitation.accepted")
			.contains(this.fixture.a().adminEmail())
			.contains(this.fixture.a().storeOne().getName())
			.doesNotContain(this.fixture.b().adminEmail())
			.doesNotContain(this.fixture.b().storeOne().getName())
			.contains("Export CSV")
			.contains("Export JSON Lines")
			.contains("Verify chain")
			.contains("hx-get=\"/audit\"")
			.contains("hx-push-url=\"true\"")
			.contains("hx-post=\"/audit/verify\"");
		// the store's awkward name is shown escaped, never as markup
		assertThat(page.body()).doesNotContain("<b>Bold</b>").contains("&lt;b&gt;Bold&lt;/b&gt;");
	}

	@Test
	void filtersWithHtmxReturningOnlyTheResults() {
		WebSession officer = signIn(this.fixture.a().complianceEmail());
		HttpResponse<String> fragment = officer.get(
				"/audit?action=" + encode("store.") + "&store=" + this.fixture.a().storeTwo().getId(),
				Map.of("HX-Request", "true"));
		assertThat(fragment.statusCode()).isEqualTo(200);
		assertThat(fragment.headers().allValues("Vary")).anySatisfy((v) -> assertThat(v).contains("HX-Request"));
		assertThat(fragment.body()).startsWith("<section id=\"audit-results\"")
			.doesNotContain("<html")
			.doesNotContain("<h1>")
			.contains("store.created")
			.doesNotContain("invitation.");
		assertThat(rows(fragment.body())).isEqualTo(1);
		// the export links carry the filter
		assertThat(fragment.body())
			.contains("/audit/export?format=csv&amp;action=store.&amp;store=" + this.fixture.a().storeTwo().getId());

		HttpResponse<String> full = officer.get("/audit?action=invitation.");
		assertThat(full.body()).contains("<html").contains("value=\"invitation.\"");
		assertThat(rows(full.body())).isEqualTo(6); // three people, each invited and
													// accepted
	}

	@Test
	void pagesToOlderEvents() {
		// a tenant of its own, so other tests' events do not shift the pages
		TwoTenants.TenantFixture own = this.tenancy.tenant();
		WebSession officer = signIn(own.complianceEmail());
		for (int i = 0; i < 55; i++) {
			officer.get("/audit/export?format=jsonl&action=nothing.matches");
		}
		HttpResponse<String> first = officer.get("/audit?action=audit.");
		assertThat(rows(first.body())).isEqualTo(50);
		String older = first.body().replaceAll("(?s).*href=\"([^\"]*cursor=\\d+)\".*", "$1").replace("&amp;", "&");
		assertThat(older).startsWith("/audit?action=audit.&cursor=");
		HttpResponse<String> second = officer.get(older, Map.of("HX-Request", "true"));
		assertThat(rows(second.body())).isEqualTo(5);
		assertThat(second.body()).contains(">Newest<").doesNotContain(">Older<");
	}

	@Test
	void showsAFilterErrorBesideTheForm() {
		WebSession officer = signIn(this.fixture.a().complianceEmail());
		HttpResponse<String> page = officer.get("/audit?from=yesterday&to=2026-01-01T00:00");
		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.body()).contains("Check the filter")
			.contains("Enter a date and time like 2026-11-22T09:30 (UTC)")
			.contains("aria-invalid=\"true\"");
	}

	@Test
	void showsOneEventWithItsChangeEscaped() {
		WebSession admin = signIn(this.fixture.a().adminEmail());
		String list = admin.get("/audit?targetId=" + this.awkwardStore.getId()).body();
		String seq = list.replaceAll("(?s).*href=\"/audit/(\\d+)\".*", "$1");
		HttpResponse<String> detail = admin.get("/audit/" + seq);
		assertThat(detail.statusCode()).isEqualTo(200);
		assertThat(detail.body()).contains("store.created")
			.contains("After")
			.contains("&lt;b&gt;Bold&lt;/b&gt; &amp; \\&quot;Co\\&quot;")
			.doesNotContain("<b>Bold</b>")
			.contains(this.fixture.a().adminEmail())
			.containsPattern("<code class=\"hash\">[0-9a-f]{64}</code>");
		assertThat(admin.get("/audit/999999").statusCode()).isEqualTo(404);
	}

	@Test
	void downloadsTheFilteredEventsAsCsvAndJsonLines() {
		WebSession officer = signIn(this.fixture.a().complianceEmail());
		HttpResponse<String> csv = officer.get("/audit/export?format=csv&action=" + encode("store."));
		assertThat(csv.statusCode()).isEqualTo(200);
		assertThat(csv.headers().firstValue("Content-Type"))
			.hasValueSatisfying((t) -> assertThat(t).startsWith("text/csv"));
		assertThat(csv.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying((d) -> assertThat(d).startsWith("attachment").contains(".csv"));
		List<String> lines = Arrays.asList(csv.body().split("\r\n"));
		assertThat(lines.get(0)).startsWith("seq,id,tenant_id,occurred_at");
		assertThat(lines.subList(1, lines.size())).hasSize(3)
			.allSatisfy(
					(line) -> assertThat(line).contains("," + this.fixture.a().id() + ",").contains(",store.created,"));
		assertThat(csv.body()).doesNotContain(this.fixture.b().id().toString());

		HttpResponse<String> jsonl = officer.get("/audit/export?format=jsonl");
		assertThat(jsonl.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying((d) -> assertThat(d).contains(".jsonl"));
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> events = jsonl.body().lines().map(json::readTree).toList();
		assertThat(events).hasSizeGreaterThan(8)
			.allSatisfy((e) -> assertThat(e.path("tenant_id").asString()).isEqualTo(this.fixture.a().id().toString()));
		assertThat(events.get(events.size() - 1).path("action").asString()).isEqualTo("audit.exported");
	}

	@Test
	void verifiesTheChain() {
		WebSession officer = signIn(this.fixture.a().complianceEmail());
		officer.get("/audit");
		HttpResponse<String> posted = officer.post("/audit/verify", Map.of());
		assertThat(posted.statusCode()).isEqualTo(302);
		assertThat(officer.get("/audit").body()).contains("The audit chain is intact:").contains("audit.verified");
	}

	@Test
	void turnsAwayStoreManagers() {
		WebSession manager = signIn(this.fixture.a().managerEmail());
		assertThat(manager.get("/audit").statusCode()).isEqualTo(403);
		assertThat(manager.get("/audit/1").statusCode()).isEqualTo(403);
		assertThat(manager.get("/audit/export?format=csv").statusCode()).isEqualTo(403);
		manager.get("/");
		assertThat(manager.post("/audit/verify", Map.of()).statusCode()).isEqualTo(403);
	}

	@Test
	void keepsEachTenantToItsOwnChain() {
		WebSession adminB = signIn(this.fixture.b().adminEmail());
		String page = adminB.get("/audit?targetId=" + this.awkwardStore.getId()).body();
		assertThat(page).contains("No audit events match this filter.");
		assertThat(adminB.get("/audit/export?format=csv").body()).doesNotContain(this.fixture.a().id().toString())
			.contains(this.fixture.b().id().toString());
	}

	@Test
	void showsSuperAdminsThePlatformChain() {
		WebSession root = WebSession.signedIn(this.port, HeraldWebTest.ROOT_EMAIL, HeraldWebTest.ROOT_PASSWORD);
		String page = root.get("/audit?action=tenant.created&targetId=" + this.fixture.a().id()).body();
		assertThat(page).contains("Platform audit log").contains("tenant.created");
		assertThat(rows(page)).isEqualTo(1);
	}

	private WebSession signIn(String email) {
		return WebSession.signedIn(this.port, email, TwoTenants.PASSWORD);
	}

	private static int rows(String html) {
		return html.split("<tr>", -1).length - 2; // minus the part before the first,
													// minus the header row
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
