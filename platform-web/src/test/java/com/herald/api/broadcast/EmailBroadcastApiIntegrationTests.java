package com.herald.api.broadcast;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.broadcast.BroadcastFixtures;
import com.herald.channel.OutboundMessage;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.dispatch.RecordingEmailChannel;
import com.herald.support.ApiClient;
import com.herald.support.ApiKeyClients;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Email broadcasts through the REST API: the content goes in and comes back sanitized,
 * bad content is a problem that saves nothing, another tenant sees none of it, and a
 * launched broadcast reaches the provider personalised; the OpenAPI document describes
 * the email fields.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailBroadcastApiIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ApiKeyClients apiKeyClients;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	RecordingEmailChannel provider;

	TwoTenants two;

	Actor adminA;

	ApiClient admin;

	ApiClient otherAdmin;

	@BeforeAll
	void signIn() {
		this.two = this.tenancy.twoTenants();
		this.adminA = this.two.a().admin(this.accounts);
		this.admin = this.apiKeyClients.issue(this.adminA, "email", Role.TENANT_ADMIN);
		this.otherAdmin = this.apiKeyClients.issue(this.two.b(), "email", Role.TENANT_ADMIN);
		this.provider.enrol(this.two.a().id().value());
	}

	@Test // #5
	void anEmailBroadcastIsWrittenAndLaunchedThroughTheApi() {
		String tag = BroadcastFixtures.tag();
		Contact ana = this.contacts.create(this.adminA,
				ContactFixtures.person().firstName("Ana").storeId(this.two.a().storeTwo().getId()).tag(tag).build());
		this.consent.record(this.adminA, ana.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Email me", "192.0.2.1", null);

		ApiResponse created = this.admin.post("/api/v1/broadcasts",
				broadcast(tag, email("Hi {{ contact.first_name }}", "New arrivals",
						"<p onmouseover=\"steal()\">Hello {{ contact.first_name }}</p><script>steal()</script>")));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().path("id").asString();
		assertThat(created.json().path("email").path("subject").asString()).isEqualTo("Hi {{ contact.first_name }}");
		assertThat(created.json().path("email").path("preheader").asString()).isEqualTo("New arrivals");
		assertThat(created.json().path("email").path("html").asString())
			.isEqualTo("<p>Hello {{ contact.first_name }}</p>");

		ApiResponse launched = this.admin.post("/api/v1/broadcasts/" + id + "/launch", Map.of());
		assertThat(launched.status()).as(launched.toString()).isEqualTo(200);
		await("completion",
				() -> "completed".equals(this.admin.get("/api/v1/broadcasts/" + id).json().path("status").asString()));
		List<OutboundMessage> received = this.provider.received(this.two.a().id().value())
			.stream()
			.filter((message) -> id.equals(message.metadata().get("broadcastId")))
			.toList();
		assertThat(received).singleElement().satisfies((message) -> {
			assertThat(message.to()).isEqualTo(ana.getEmail());
			assertThat(message.content().subject()).isEqualTo("Hi Ana");
			assertThat(message.content().html()).contains("<p>Hello Ana</p>", "New arrivals",
					this.two.a().storeTwo().getDetails().addressLine1());
			assertThat(message.metadata()).containsKey(OutboundMessage.UNSUBSCRIBE_URL);
		});
	}

	@Test
	void badEmailContentIsAProblemAndNothingIsSaved() {
		String tag = BroadcastFixtures.tag();
		ApiResponse refused = this.admin.post("/api/v1/broadcasts",
				broadcast(tag, email(" ", null, "<p>{{ contact.frist_name }}</p>")));

		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.json().path("errors").path("email.subject").asString())
			.isEqualTo("Give the email a subject");
		assertThat(refused.json().path("errors").path("email.html").asString())
			.contains("did you mean {{ contact.first_name }}");
		assertThat(this.admin.get("/api/v1/broadcasts?size=100").itemValues("name")).doesNotContain("Email " + tag);

		ApiResponse created = this.admin.post("/api/v1/broadcasts",
				broadcast(tag, email("Hello", null, "<p>Kept</p>")));
		String id = created.json().path("id").asString();
		Map<String, Object> change = broadcast(tag, email("Changed", null, "<p>{% if %}</p>"));
		change.put("name", "Renamed " + tag);
		ApiResponse badUpdate = this.admin.put("/api/v1/broadcasts/" + id, change);
		assertThat(badUpdate.status()).as(badUpdate.toString()).isEqualTo(400);
		assertThat(badUpdate.json().path("errors").path("email.html").asString()).startsWith("Syntax error");
		ApiResponse stored = this.admin.get("/api/v1/broadcasts/" + id);
		assertThat(stored.json().path("name").asString()).isEqualTo("Email " + tag);
		assertThat(stored.json().path("email").path("subject").asString()).isEqualTo("Hello");
	}

	@Test
	void anotherTenantCannotReadOrChangeTheEmail() {
		String tag = BroadcastFixtures.tag();
		String id = this.admin.post("/api/v1/broadcasts", broadcast(tag, email("Secret", null, "<p>Mine</p>")))
			.json()
			.path("id")
			.asString();

		assertThat(this.otherAdmin.get("/api/v1/broadcasts/" + id).status()).isEqualTo(404);
		assertThat(this.otherAdmin.put("/api/v1/broadcasts/" + id, broadcast(tag, email("Theirs", null, "<p>x</p>")))
			.status()).isEqualTo(404);
		assertThat(this.admin.get("/api/v1/broadcasts/" + id).json().path("email").path("subject").asString())
			.isEqualTo("Secret");
	}

	@Test
	void theOpenApiDocumentDescribesTheEmailFields() {
		ApiResponse docs = this.admin.get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		tools.jackson.databind.JsonNode properties = docs.json()
			.path("components")
			.path("schemas")
			.path("EmailBody")
			.path("properties");
		assertThat(properties.has("subject") && properties.has("preheader") && properties.has("html"))
			.as(properties.toString())
			.isTrue();
		assertThat(
				docs.json().path("components").path("schemas").path("TemplateRequest").path("properties").has("html"))
			.isTrue();
	}

	private Map<String, Object> broadcast(String tag, Map<String, Object> email) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "Email " + tag);
		body.put("channel", "email");
		body.put("category", "promotional");
		body.put("audience", Map.of("kind", "criteria", "criteria",
				Map.of("field", "tags", "operator", "any", "values", List.of(tag))));
		body.put("email", email);
		return body;
	}

	private static Map<String, Object> email(String subject, String preheader, String html) {
		Map<String, Object> email = new LinkedHashMap<>();
		email.put("subject", subject);
		email.put("preheader", preheader);
		email.put("html", html);
		return email;
	}

}
