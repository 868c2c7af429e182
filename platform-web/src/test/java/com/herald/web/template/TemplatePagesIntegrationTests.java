package com.herald.web.template;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.PageRequest;

import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.pricing.PricingService;
import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.template.MessageTemplate;
import com.herald.template.TemplateService;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template pages, the compose box's live figures and the SMS price page, through real
 * HTTP with a signed-in session.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplatePagesIntegrationTests {

	private static final Map<String, String> HTMX = Map.of("HX-Request", "true");

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	TemplateService templates;

	@Autowired
	ContactService contacts;

	@Autowired
	PricingService pricing;

	TwoTenants two;

	@BeforeAll
	void createTenants() {
		this.two = this.tenancy.twoTenants();
	}

	@Test
	void anUnknownVariableComesBackOnTheFormWithWhatWasTyped() {
		WebSession admin = WebSession.signedIn(this.port, this.two.a().adminEmail(), TwoTenants.PASSWORD);
		admin.get("/templates/new");
		String name = "Typo " + ContactFixtures.token();
		HttpResponse<String> refused = admin.post("/templates", form(name, "Hi {{ contact.frist_name }}"));

		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(refused.body())
			.contains("Unknown variable {{ contact.frist_name }}: did you mean {{ contact.first_name }}?")
			.contains("Hi {{ contact.frist_name }}</textarea>")
			.contains("value=\"" + name + "\"");
		assertThat(names()).doesNotContain(name);

		HttpResponse<String> saved = admin.post("/templates", form(name, "Hi {{ contact.first_name }}"));
		assertThat(saved.statusCode()).isEqualTo(302);
		assertThat(names()).contains(name);
		String location = saved.headers().firstValue("Location").orElseThrow();
		assertThat(admin.get(java.net.URI.create(location).getPath()).body())
			.contains("Template " + name + " is saved.");
	}

	@Test
	void listsPagesOfTemplatesAndDeletes() {
		WebSession admin = WebSession.signedIn(this.port, this.two.b().adminEmail(), TwoTenants.PASSWORD);
		String prefix = "Paged " + ContactFixtures.token();
		for (int i = 0; i < 21; i++) {
			this.templates.create(this.two.b().admin(this.accounts), new com.herald.template.TemplateDraft(
					prefix + " " + String.format("%02d", i), "sms", "promotional", null, "Hello " + i));
		}
		String first = admin.get("/templates").body();
		String second = admin.get("/templates?page=2").body();
		assertThat(first).contains(prefix + " 00").contains("Page 1 of 2").doesNotContain(prefix + " 20");
		assertThat(second).contains(prefix + " 20");

		MessageTemplate last = this.templates.list(this.two.b().admin(this.accounts), PageRequest.of(1, 20))
			.getContent()
			.get(0);
		admin.get("/templates/" + last.id());
		HttpResponse<String> deleted = admin.post("/templates/" + last.id() + "/delete", Map.of());
		assertThat(deleted.statusCode()).isEqualTo(302);
		assertThat(admin.get("/templates/" + last.id()).statusCode()).isEqualTo(404);
	}

	@Test
	void composeStatsCountAndPriceAsTheTextChanges() {
		WebSession admin = WebSession.signedIn(this.port, this.two.a().adminEmail(), TwoTenants.PASSWORD);
		admin.get("/templates/new");

		String gsm = admin
			.postRaw("/compose/sms/stats",
					Map.of("_csrf", admin.csrfToken(), "body", "a".repeat(161), "audienceSize", "1000"), HTMX)
			.body();
		String ucs = admin
			.postRaw("/compose/sms/stats",
					Map.of("_csrf", admin.csrfToken(), "body", "Party 🎉", "audienceSize", "1000"), HTMX)
			.body();
		String bad = admin
			.postRaw("/compose/sms/stats", Map.of("_csrf", admin.csrfToken(), "body", "Hi", "audienceSize", "lots"),
					HTMX)
			.body();

		assertThat(gsm).contains("data-stat=\"encoding\">GSM-7<")
			.contains("data-stat=\"segments\">2<")
			// 1,000 x 2 segments x 0.0083 (the US list price)
			.contains("data-stat=\"cost\">USD 16.60<")
			.doesNotContain("<html");
		assertThat(ucs).contains("data-stat=\"encoding\">UCS-2<").contains("data-stat=\"units\">8<");
		assertThat(bad).contains("Enter the audience size as a whole number");
	}

	@Test
	void previewRendersTheTextBeingEditedForAContactTheManagerMaySee() {
		var admin = this.two.a().admin(this.accounts);
		String token = ContactFixtures.token();
		this.contacts.create(admin,
				ContactFixtures.person()
					.firstName("Mina")
					.lastName(token)
					.storeId(this.two.a().storeOne().getId())
					.build());
		this.contacts.create(admin,
				ContactFixtures.person()
					.firstName("Otto")
					.lastName(token)
					.storeId(this.two.a().storeTwo().getId())
					.build());
		WebSession manager = WebSession.signedIn(this.port, this.two.a().managerEmail(), TwoTenants.PASSWORD);
		manager.get("/templates");

		String panel = manager
			.postRaw("/templates/preview", Map.of("_csrf", manager.csrfToken(), "body",
					"Hi {{ contact.first_name }} at {{ store.name }}", "previewSearch", token), HTMX)
			.body();

		assertThat(panel).contains("Hi Mina at " + this.two.a().storeOne().getName())
			.doesNotContain("Otto")
			.doesNotContain("<html");
		String broken = manager
			.postRaw("/templates/preview",
					Map.of("_csrf", manager.csrfToken(), "body", "Hi {{ contact.nme }}", "previewSearch", token), HTMX)
			.body();
		assertThat(broken).contains("Unknown variable {{ contact.nme }}");
	}

	@Test
	void pricePageSetsAndRemovesTheTenantsPrice() {
		WebSession admin = WebSession.signedIn(this.port, this.two.a().adminEmail(), TwoTenants.PASSWORD);
		admin.get("/settings/pricing");
		HttpResponse<String> refused = admin.post("/settings/pricing", Map.of("country", "CA", "price", "0.01"));
		assertThat(refused.body()).contains("CA shares calling code +1 with US");

		HttpResponse<String> saved = admin.post("/settings/pricing", Map.of("country", "gb", "price", "0.031"));
		assertThat(saved.statusCode()).isEqualTo(302);
		assertThat(admin.get("/settings/pricing").body()).contains("SMS to GB now cost 0.03100 per segment.");
		assertThat(this.pricing.prices(this.two.a().admin(this.accounts)))
			.filteredOn((price) -> price.country().equals("GB"))
			.singleElement()
			.satisfies((price) -> assertThat(price.price()).isEqualByComparingTo("0.031"));

		admin.post("/settings/pricing/GB/delete", Map.of());
		assertThat(this.pricing.prices(this.two.a().admin(this.accounts)))
			.filteredOn((price) -> price.country().equals("GB"))
			.singleElement()
			.satisfies((price) -> assertThat(price.tenantPrice()).isNull());
	}

	private java.util.List<String> names() {
		return this.templates.list(this.two.a().admin(this.accounts), PageRequest.of(0, 100))
			.getContent()
			.stream()
			.map(MessageTemplate::name)
			.toList();
	}

	private static Map<String, String> form(String name, String body) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("name", name);
		form.put("channel", "sms");
		form.put("category", "promotional");
		form.put("body", body);
		return form;
	}

}
