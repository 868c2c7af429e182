package com.herald.api.template;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.ApiClient;
import com.herald.support.ApiKeyClients;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/** Templates through the API: CRUD, errors before saving, previews, and isolation. */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ApiKeyClients apiKeyClients;

	@Autowired
	ContactService contacts;

	TwoTenants two;

	ApiClient admin;

	ApiClient manager;

	ApiClient otherTenant;

	@BeforeAll
	void createTenants() {
		this.two = this.tenancy.twoTenants();
		this.admin = this.apiKeyClients.issue(this.two.a(), "templates", Role.TENANT_ADMIN);
		this.manager = ApiClient.bearer(this.port, ApiClient.jwtFor(this.two.a().managerEmail(), true));
		this.otherTenant = this.apiKeyClients.issue(this.two.b(), "templates", Role.TENANT_ADMIN);
	}

	@Test
	void createsReadsPreviewsReplacesAndDeletesATemplate() {
		Contact ana = this.contacts.create(this.two.a().admin(this.accounts),
				ContactFixtures.person().firstName("Ana").storeId(this.two.a().storeOne().getId()).build());
		ApiResponse created = this.admin.post("/api/v1/templates",
				template("Welcome " + ContactFixtures.token(), "Hi {{ contact.first_name }} 🎉 {{ opt_out }}"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().path("id").asString();
		assertThat(created.header("Location")).endsWith("/api/v1/templates/" + id);
		assertThat(created.json().path("sms").path("encoding").asString()).isEqualTo("UCS-2");

		ApiResponse preview = this.manager.get("/api/v1/templates/" + id + "/preview?contactId=" + ana.getId());
		assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
		assertThat(preview.json().path("body").asString()).isEqualTo("Hi Ana 🎉 Reply STOP to opt out.");
		assertThat(preview.json().path("sms").path("segments").asInt()).isEqualTo(1);

		ApiResponse replaced = this.admin.put("/api/v1/templates/" + id,
				template("Renamed " + ContactFixtures.token(), "Plain text"));
		assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
		assertThat(this.admin.get("/api/v1/templates/" + id).json().path("body").asString()).isEqualTo("Plain text");
		assertThat(this.admin.get("/api/v1/templates?size=100").itemValues("id")).contains(id);

		assertThat(this.admin.delete("/api/v1/templates/" + id).status()).isEqualTo(204);
		assertThat(this.admin.get("/api/v1/templates/" + id).status()).isEqualTo(404);
	}

	@Test
	void unknownVariablesAndSyntaxErrorsAreProblemsAndNothingIsSaved() {
		String name = "Broken " + ContactFixtures.token();
		ApiResponse typo = this.admin.post("/api/v1/templates", template(name, "Hi {{ contact.frist_name }}"));
		ApiResponse syntax = this.admin.post("/api/v1/templates", template(name, "Hi {% if contact.first_name %}"));

		assertThat(typo.status()).as(typo.toString()).isEqualTo(400);
		assertThat(typo.header("Content-Type")).startsWith("application/problem+json");
		assertThat(typo.json().path("errors").path("body").asString())
			.isEqualTo("Unknown variable {{ contact.frist_name }}: did you mean {{ contact.first_name }}?");
		assertThat(syntax.status()).as(syntax.toString()).isEqualTo(400);
		assertThat(syntax.json().path("errors").path("body").asString()).startsWith("Syntax error at line 1");
		assertThat(this.admin.get("/api/v1/templates?size=100").itemValues("name")).doesNotContain(name);
	}

	@Test
	void anotherTenantsTemplatesAndContactsAreNotFound() {
		ApiResponse created = this.admin.post("/api/v1/templates",
				template("Private " + ContactFixtures.token(), "A's offer"));
		String id = created.json().path("id").asString();
		Contact aContact = this.contacts.create(this.two.a().admin(this.accounts), ContactFixtures.person().build());
		ApiResponse bTemplate = this.otherTenant.post("/api/v1/templates",
				template("B " + ContactFixtures.token(), "Hi {{ contact.first_name }}"));

		assertThat(this.otherTenant.get("/api/v1/templates/" + id).status()).isEqualTo(404);
		assertThat(this.otherTenant.put("/api/v1/templates/" + id, template("Evil", "Evil")).status()).isEqualTo(404);
		assertThat(this.otherTenant.delete("/api/v1/templates/" + id).status()).isEqualTo(404);
		assertThat(this.otherTenant
			.get("/api/v1/templates/" + bTemplate.json().path("id").asString() + "/preview?contactId="
					+ aContact.getId())
			.status()).isEqualTo(404);
		assertThat(this.otherTenant.get("/api/v1/templates?size=100").itemValues("id")).doesNotContain(id);
		assertThat(this.admin.get("/api/v1/templates/" + id).json().path("body").asString()).isEqualTo("A's offer");
	}

	@Test
	void storeManagersReadButDoNotWrite() {
		ApiResponse refused = this.manager.post("/api/v1/templates",
				template("Manager " + ContactFixtures.token(), "Hi"));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
		assertThat(this.manager.get("/api/v1/templates").status()).isEqualTo(200);
	}

	@Test // #5
	void emailTemplatesCarrySubjectPreheaderAndSanitizedHtml() {
		Contact ana = this.contacts.create(this.two.a().admin(this.accounts),
				ContactFixtures.person().firstName("Ana").storeId(this.two.a().storeOne().getId()).build());
		Map<String, Object> email = new LinkedHashMap<>();
		email.put("name", "Newsletter " + ContactFixtures.token());
		email.put("channel", "email");
		email.put("category", "promotional");
		email.put("subject", "News for {{ contact.first_name }}");
		email.put("preheader", "This week");
		email.put("html",
				"<p>Hi {{ contact.first_name }}</p><img src=x onerror=\"steal()\"><a href=\"javascript:x()\">x</a>");

		ApiResponse created = this.admin.post("/api/v1/templates", email);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().path("html").asString())
			.isEqualTo("<p>Hi {{ contact.first_name }}</p><img src=\"x\" />x");
		assertThat(created.json().path("preheader").asString()).isEqualTo("This week");
		assertThat(created.json().path("body").isNull()).isTrue();
		String id = created.json().path("id").asString();

		ApiResponse preview = this.manager.get("/api/v1/templates/" + id + "/preview?contactId=" + ana.getId());
		assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
		assertThat(preview.json().path("subject").asString()).isEqualTo("News for Ana");
		assertThat(preview.json().path("html").asString()).contains("<p>Hi Ana</p>", "This week", ">Unsubscribe</a>",
				this.two.a().storeOne().getDetails().addressLine1());
		assertThat(preview.json().path("body").asString()).startsWith("Hi Ana").contains("Unsubscribe: http");

		email.put("subject", "");
		email.put("html", "<script>only()</script>");
		ApiResponse refused = this.admin.put("/api/v1/templates/" + id, email);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().path("errors").path("subject").asString()).isEqualTo("Give the email a subject");
		assertThat(refused.json().path("errors").path("html").asString()).contains("Nothing is left");
	}

	private static Map<String, Object> template(String name, String body) {
		Map<String, Object> template = new LinkedHashMap<>();
		template.put("name", name);
		template.put("channel", "sms");
		template.put("category", "promotional");
		template.put("body", body);
		return template;
	}

}
