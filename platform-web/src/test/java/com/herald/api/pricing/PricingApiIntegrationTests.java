package com.herald.api.pricing;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.audience.Condition;
import com.herald.audience.Segment;
import com.herald.audience.SegmentService;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.ApiClient;
import com.herald.support.ApiKeyClients;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** SMS prices and estimates through the API. */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PricingApiIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ApiKeyClients apiKeyClients;

	@Autowired
	ContactService contacts;

	@Autowired
	SegmentService segments;

	TwoTenants two;

	Actor aAdmin;

	ApiClient admin;

	ApiClient otherTenant;

	@BeforeAll
	void createTenants() {
		this.two = this.tenancy.twoTenants();
		this.aAdmin = this.two.a().admin(this.accounts);
		this.admin = this.apiKeyClients.issue(this.aAdmin, "pricing", Role.TENANT_ADMIN);
		this.otherTenant = this.apiKeyClients.issue(this.two.b(), "pricing", Role.TENANT_ADMIN);
	}

	@Test
	void overridesAPriceAndEstimatesASegmentWithIt() {
		String tag = ContactFixtures.token();
		this.contacts.create(this.aAdmin, ContactFixtures.person().tag(tag).build());
		this.contacts.create(this.aAdmin, ContactFixtures.person().phone(ContactFixtures.esMobile()).tag(tag).build());
		Segment segment = this.segments.create(this.aAdmin, "Priced " + tag, Condition.of("tags", "any", tag));

		ApiResponse set = this.admin.put("/api/v1/pricing/sms/us", Map.of("price", 0.02));
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		assertThat(set.json().path("country").asString()).isEqualTo("US");
		assertThat(set.json().path("price").decimalValue()).isEqualByComparingTo("0.02");

		// 161 GSM-7 characters: 2 segments
		ApiResponse estimate = this.admin.post("/api/v1/pricing/sms/estimate",
				Map.of("body", "a".repeat(161), "segmentId", segment.id().toString()));
		assertThat(estimate.status()).as(estimate.toString()).isEqualTo(200);
		assertThat(estimate.json().path("recipients").asLong()).isEqualTo(2);
		assertThat(estimate.json().path("segments").asInt()).isEqualTo(2);
		// US 1 x 2 x 0.02 + ES 1 x 2 x 0.0893
		assertThat(estimate.json().path("total").decimalValue()).isEqualByComparingTo("0.22");
		assertThat(this.otherTenant.get("/api/v1/pricing/sms")
			.json()
			.valueStream()
			.filter((price) -> price.path("country").asString().equals("US"))
			.map((JsonNode price) -> price.path("price").decimalValue())
			.findFirst()
			.orElseThrow()).as("tenant B keeps the list price").isEqualByComparingTo("0.0083");

		assertThat(this.admin.delete("/api/v1/pricing/sms/US").status()).isEqualTo(204);
		assertThat(this.admin.delete("/api/v1/pricing/sms/US").status()).isEqualTo(404);
	}

	@Test
	void setsAndRemovesTheTenantsEmailPrice() {
		ApiResponse platform = this.admin.get("/api/v1/pricing/email");
		assertThat(platform.status()).as(platform.toString()).isEqualTo(200);
		assertThat(platform.json().path("price").decimalValue()).isEqualByComparingTo("0.001");
		assertThat(platform.json().path("tenantPrice").isNull()).isTrue();
		assertThat(platform.json().path("currency").asString()).isEqualTo("USD");

		ApiResponse set = this.admin.put("/api/v1/pricing/email", Map.of("price", 0.0004));
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		assertThat(set.json().path("price").decimalValue()).isEqualByComparingTo("0.0004");
		assertThat(this.admin.get("/api/v1/pricing/email").json().path("tenantPrice").decimalValue())
			.isEqualByComparingTo("0.0004");
		assertThat(this.otherTenant.get("/api/v1/pricing/email").json().path("price").decimalValue())
			.as("tenant B keeps Herald's price")
			.isEqualByComparingTo("0.001");
		ApiResponse bad = this.admin.put("/api/v1/pricing/email", Map.of("price", 11));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().path("errors").path("price").asString()).contains("from 0 to 10");

		ApiResponse removed = this.admin.delete("/api/v1/pricing/email");
		assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
		assertThat(removed.json().path("price").decimalValue()).isEqualByComparingTo("0.001");
		assertThat(this.admin.delete("/api/v1/pricing/email").status()).isEqualTo(404);
	}

	@Test
	void badInputIsAProblem() {
		ApiResponse country = this.admin.put("/api/v1/pricing/sms/CA", Map.of("price", 0.01));
		ApiResponse price = this.admin.put("/api/v1/pricing/sms/GB", Map.of("price", -1));
		ApiResponse estimate = this.admin.post("/api/v1/pricing/sms/estimate", Map.of("segments", 1));

		assertThat(country.status()).isEqualTo(400);
		assertThat(country.json().path("errors").path("country").asString()).contains("priced as US");
		assertThat(price.status()).isEqualTo(400);
		assertThat(price.json().path("errors").has("price")).isTrue();
		assertThat(estimate.status()).isEqualTo(400);
		assertThat(estimate.json().path("errors").has("audienceSize")).isTrue();
		assertThat(this.otherTenant
			.post("/api/v1/pricing/sms/estimate",
					Map.of("segments", 1, "segmentId", java.util.UUID.randomUUID().toString()))
			.status()).isEqualTo(404);
	}

}
