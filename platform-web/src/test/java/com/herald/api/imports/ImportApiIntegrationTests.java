package com.herald.api.imports;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.contact.ContactFixtures;
import com.herald.support.ApiClient;
import com.herald.support.ApiKeyClients;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Imports through the API, run by the application's own background worker: upload with a
 * plan, or upload, read the columns, then start; progress and summary; rejects as CSV;
 * store managers in their stores; tenant B sees nothing of tenant A's imports.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	ApiKeyClients apiKeyClients;

	TwoTenants fixture;

	ApiClient admin;

	ApiClient manager;

	ApiClient compliance;

	ApiClient otherAdmin;

	@BeforeAll
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.admin = this.apiKeyClients.issue(this.fixture.a(), "imports", Role.TENANT_ADMIN);
		this.manager = ApiClient.bearer(this.port, ApiClient.jwtFor(this.fixture.a().managerEmail(), true));
		this.compliance = this.apiKeyClients.issue(this.fixture.a(), "privacy", Role.COMPLIANCE_OFFICER);
		this.otherAdmin = this.apiKeyClients.issue(this.fixture.b(), "imports", Role.TENANT_ADMIN);
	}

	@Test
	void importsAFileWithItsPlanInTheBackgroundAndServesTheRejects() {
		String token = ContactFixtures.token();
		String csv = "email,phone,name,spent\n" + "a." + token + "@example.test,(212) 555-0199,Ann,10\n" + "b." + token
				+ "@example.test,12,Bob,5\n" + ",,Nobody,1\n";
		String plan = """
				{"columns": [{"column": 0, "field": "email"}, {"column": 1, "field": "phone"},
				             {"column": 2, "field": "firstName"},
				             {"column": 3, "attribute": "total_spent", "type": "number"}],
				 "duplicates": "update", "consentWording": "in-store sign-up form, 2025",
				 "consentChannels": ["email"]}""";

		ApiResponse created = this.admin.multipart("/api/v1/imports",
				Map.of("plan", plan, "storeId", this.fixture.a().storeOne().getId().toString()), "people.csv",
				csv.getBytes(StandardCharsets.UTF_8));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().path("id").asString();
		assertThat(created.header("Location")).endsWith("/api/v1/imports/" + id);
		assertThat(created.json().path("status").asString()).isIn("queued", "running", "completed");
		assertThat(created.json().path("totalRows").asLong()).isEqualTo(3);
		assertThat(created.json().path("columns").toString()).contains("email", "phone", "name", "spent");
		JsonNode done = awaitFinished(this.admin, id);
		assertThat(done.path("status").asString()).isEqualTo("completed");
		assertThat(done.path("percent").asInt()).isEqualTo(100);
		assertThat(List.of(done.path("created").asLong(), done.path("updated").asLong(), done.path("skipped").asLong(),
				done.path("failed").asLong()))
			.containsExactly(1L, 0L, 0L, 2L);

		ApiResponse contacts = this.admin.get("/api/v1/contacts?q=a." + token);
		assertThat(contacts.json().path("items").get(0).path("phone").asString()).isEqualTo("+12125550199");
		ApiResponse ann = this.admin
			.get("/api/v1/contacts/" + contacts.json().path("items").get(0).path("id").asString());
		assertThat(ann.json().path("attributes").path("total_spent").asInt()).as(ann.toString()).isEqualTo(10);
		ApiResponse rejects = this.admin.get("/api/v1/imports/" + id + "/rejects");
		assertThat(rejects.status()).isEqualTo(200);
		assertThat(rejects.header("Content-Type")).startsWith("text/csv");
		assertThat(rejects.body()).startsWith("line,reason,email,phone,name,spent\r\n")
			.contains("3,\"bad phone: Enter a valid phone number")
			.contains("4,\"missing identifier: give an external id, email or phone\",,,Nobody,1");

		ApiResponse list = this.admin.get("/api/v1/imports?size=100");
		assertThat(list.itemValues("id")).contains(id);
		assertThat(this.otherAdmin.get("/api/v1/imports/" + id).status()).isEqualTo(404);
		assertThat(this.otherAdmin.get("/api/v1/imports/" + id + "/rejects").status()).isEqualTo(404);
		assertThat(this.otherAdmin.get("/api/v1/imports?size=100").itemValues("id")).doesNotContain(id);
		assertThat(this.compliance.get("/api/v1/imports").status()).isEqualTo(403);
	}

	@Test
	void uploadsFirstThenStartsWithAPlanThatNamesTheColumns() {
		String token = ContactFixtures.token();
		String csv = "Customer;E-mail\n" + token + "-1;one." + token + "@example.test\n";
		ApiResponse uploaded = this.manager.multipart("/api/v1/imports",
				Map.of("storeId", this.fixture.a().storeOne().getId().toString()), "crm.csv",
				csv.getBytes(StandardCharsets.UTF_8));

		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
		assertThat(uploaded.json().path("status").asString()).isEqualTo("uploaded");
		assertThat(uploaded.json().path("preview").get(0).get(0).asString()).isEqualTo(token + "-1");
		String id = uploaded.json().path("id").asString();

		ApiResponse bad = this.manager.post("/api/v1/imports/" + id + "/start",
				Map.of("columns", List.of(Map.of("column", 7, "field", "email"))));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().path("errors").has("columns[7]")).as(bad.toString()).isTrue();
		assertThat(this.otherAdmin
			.post("/api/v1/imports/" + id + "/start", Map.of("columns", List.of(Map.of("column", 1, "field", "email"))))
			.status()).isEqualTo(404);

		ApiResponse started = this.manager.post("/api/v1/imports/" + id + "/start",
				Map.of("columns",
						List.of(Map.of("column", 0, "field", "externalId"), Map.of("column", 1, "field", "email")),
						"duplicates", "skip"));
		assertThat(started.status()).as(started.toString()).isEqualTo(200);
		assertThat(awaitFinished(this.manager, id).path("created").asLong()).isEqualTo(1);
		assertThat(this.manager
			.post("/api/v1/imports/" + id + "/start", Map.of("columns", List.of(Map.of("column", 1, "field", "email"))))
			.status()).as("started twice").isEqualTo(400);
	}

	@Test
	void refusesWhatCannotBeImported() {
		ApiResponse noFile = this.admin.post("/api/v1/imports", Map.of());
		ApiResponse managerWithoutStore = this.manager.multipart("/api/v1/imports", Map.of(), "x.csv",
				"email\nx@example.test\n".getBytes(StandardCharsets.UTF_8));
		ApiResponse badPlan = this.admin.multipart("/api/v1/imports", Map.of("plan", "{\"columns\": 3"), "x.csv",
				"email\nx@example.test\n".getBytes(StandardCharsets.UTF_8));
		ApiResponse planBeyondTheFile = this.admin.multipart("/api/v1/imports",
				Map.of("plan", "{\"columns\": [{\"column\": 4, \"field\": \"email\"}]}"), "x.csv",
				"email\nx@example.test\n".getBytes(StandardCharsets.UTF_8));
		ApiResponse otherTenantsStore = this.otherAdmin.multipart("/api/v1/imports",
				Map.of("storeId", this.fixture.a().storeOne().getId().toString()), "x.csv",
				"email\nx@example.test\n".getBytes(StandardCharsets.UTF_8));

		assertThat(noFile.status()).isEqualTo(400);
		assertThat(noFile.json().path("errors").has("file")).isTrue();
		assertThat(managerWithoutStore.status()).isEqualTo(403);
		assertThat(badPlan.status()).isEqualTo(400);
		assertThat(badPlan.json().path("errors").has("plan")).isTrue();
		assertThat(planBeyondTheFile.status()).isEqualTo(400);
		assertThat(planBeyondTheFile.json().path("errors").has("columns[4]")).isTrue();
		assertThat(this.admin.get("/api/v1/imports?size=100").body()).as("nothing left behind by refused uploads")
			.doesNotContain("x.csv");
		assertThat(otherTenantsStore.status()).isEqualTo(400);
		assertThat(otherTenantsStore.json().path("errors").has("storeId")).isTrue();
	}

	@Test
	void mapsColumnsByTheirHeaderNames() {
		String token = ContactFixtures.token();
		String csv = "Customer,Phone Number,E-mail,Market,Spent\n" + token + "-1,(212) 555-0142,one." + token
				+ "@example.test,Boston,12.5\n";
		String plan = """
				{"mapping": {"Customer": "externalId", "Phone Number": "phone", "e-mail ": "email",
				             "Market": "attribute:market:text", "Spent": "attribute:total_spent:number"},
				 "duplicates": "update", "consentWording": "web form, 2025", "consentChannels": ["sms"]}""";

		ApiResponse created = this.admin.multipart("/api/v1/imports", Map.of("plan", plan), "crm.csv",
				csv.getBytes(StandardCharsets.UTF_8));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		Map<Integer, String> resolved = new java.util.TreeMap<>();
		created.json()
			.path("plan")
			.path("columns")
			.forEach((column) -> resolved.put(column.path("column").asInt(),
					column.path("field").isString() ? column.path("field").asString()
							: column.path("attribute").asString() + ":" + column.path("type").asString()));
		assertThat(resolved).as("named columns resolved to their positions")
			.containsExactly(Map.entry(0, "externalId"), Map.entry(1, "phone"), Map.entry(2, "email"),
					Map.entry(3, "market:text"), Map.entry(4, "total_spent:number"));
		String id = created.json().path("id").asString();
		assertThat(awaitFinished(this.admin, id).path("created").asLong()).isEqualTo(1);
		JsonNode contact = this.admin.get("/api/v1/contacts?q=one." + token).json().path("items").get(0);
		assertThat(contact.path("phone").asString()).isEqualTo("+12125550142");
		assertThat(contact.path("externalId").asString()).isEqualTo(token + "-1");
		JsonNode detail = this.admin.get("/api/v1/contacts/" + contact.path("id").asString()).json();
		assertThat(detail.path("attributes").path("market").asString()).isEqualTo("Boston");
		assertThat(detail.path("attributes").path("total_spent").asDouble()).isEqualTo(12.5);
	}

	@Test
	void refusesHeaderNamesAndTargetsThatDoNotExistAndHidesOtherTenantsImports() {
		String csv = "Email,Market,Market\nx@example.test,a,b\n";
		ApiResponse uploaded = this.admin.multipart("/api/v1/imports", Map.of(), "names.csv",
				csv.getBytes(StandardCharsets.UTF_8));
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
		String id = uploaded.json().path("id").asString();

		ApiResponse bad = this.admin.post("/api/v1/imports/" + id + "/start", Map.of("mapping",
				Map.of("Phone Number", "phone", "Email", "mobile", "Market", "attribute:market:text")));

		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
		JsonNode errors = bad.json().path("errors");
		assertThat(errors.path("mapping.Phone Number").asString()).as(bad.toString())
			.contains("No column is named \"Phone Number\"", "Email, Market, Market");
		assertThat(errors.path("mapping.Email").asString()).contains("attribute:<key>:<type>");
		assertThat(errors.path("mapping.Market").asString()).contains("map them by position");
		assertThat(this.admin.get("/api/v1/imports/" + id).json().path("status").asString())
			.as("nothing started by a refused plan")
			.isEqualTo("uploaded");

		ApiResponse otherTenant = this.otherAdmin.post("/api/v1/imports/" + id + "/start",
				Map.of("mapping", Map.of("Email", "email")));
		assertThat(otherTenant.status()).as("another tenant's import, named columns or not").isEqualTo(404);
		assertThat(otherTenant.body()).doesNotContain("Market");

		ApiResponse started = this.admin.post("/api/v1/imports/" + id + "/start", Map.of("mapping",
				Map.of("email", "email"), "columns", List.of(Map.of("column", 2, "attribute", "market_b"))));
		assertThat(started.status()).as(started.toString()).isEqualTo(200);
		assertThat(awaitFinished(this.admin, id).path("status").asString()).isEqualTo("completed");
	}

	private static JsonNode awaitFinished(ApiClient client, String id) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (true) {
			JsonNode json = client.get("/api/v1/imports/" + id).json();
			String status = json.path("status").asString();
			if ("completed".equals(status) || "failed".equals(status) || Instant.now().isAfter(deadline)) {
				return json;
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
