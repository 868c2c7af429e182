package com.herald.api.audience;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.consent.SuppressionReason;
import com.herald.consent.SuppressionService;
import com.herald.contact.Contact;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.support.ApiClient;
import com.herald.support.ApiKeyClients;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audience counts and samples through the API: the numbers a user would check by hand
 * against four known contacts, store managers limited to their store, tenant B never
 * seeing tenant A's look-alikes (nor A B's), and bad trees answered with the path of the
 * bad node.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AudienceApiIntegrationTests {

	/**
	 * lead_source web AND tagged vip AND opted in to sms: the bench's typical audience.
	 */
	static final Map<String, Object> TYPICAL = Map
		.of("criteria",
				Map.of("logic", "AND", "children",
						List.of(Map.of("field", "attributes.lead_source", "type", "text", "operator", "equals",
								"values", List.of("Web")),
								Map.of("field", "tags", "operator", "any", "values", List.of("vip")))));

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

	@Autowired
	ConsentService consent;

	@Autowired
	SuppressionService suppressions;

	TwoTenants fixture;

	ApiClient admin;

	ApiClient manager;

	ApiClient compliance;

	ApiClient otherAdmin;

	Contact ann;

	Contact bob;

	@BeforeAll
	void createContacts() {
		this.fixture = this.tenancy.twoTenants();
		Actor adminA = this.fixture.a().admin(this.accounts);
		Actor adminB = this.fixture.b().admin(this.accounts);
		this.admin = this.apiKeyClients.issue(adminA, "audiences", Role.TENANT_ADMIN);
		this.manager = ApiClient.bearer(this.port, ApiClient.jwtFor(this.fixture.a().managerEmail(), true));
		this.compliance = this.apiKeyClients.issue(adminA, "audiences", Role.COMPLIANCE_OFFICER);
		this.otherAdmin = this.apiKeyClients.issue(adminB, "audiences", Role.TENANT_ADMIN);

		// A: Ann (store one, web, vip, sms + email opted in, email suppressed), Bob
		// (store two,
		// web, vip, no consent), Cid (store one, walk-in, vip, sms opted in)
		this.ann = this.contacts.create(adminA,
				ContactDraft.builder()
					.firstName("Ann")
					.email(ContactFixtures.email())
					.phone(ContactFixtures.usPhone())
					.storeId(this.fixture.a().storeOne().getId())
					.attribute("lead_source", "web")
					.tag("vip")
					.build());
		this.bob = this.contacts.create(adminA,
				ContactDraft.builder()
					.firstName("Bob")
					.email(ContactFixtures.email())
					.storeId(this.fixture.a().storeTwo().getId())
					.attribute("lead_source", "WEB")
					.tag("vip")
					.build());
		Contact cid = this.contacts.create(adminA,
				ContactDraft.builder()
					.firstName("Cid")
					.phone(ContactFixtures.usPhone())
					.storeId(this.fixture.a().storeOne().getId())
					.attribute("lead_source", "walk_in")
					.tag("vip")
					.build());
		optIn(adminA, this.ann, Channel.SMS);
		optIn(adminA, this.ann, Channel.EMAIL);
		optIn(adminA, cid, Channel.SMS);
		this.suppressions.add(adminA, Channel.EMAIL, this.ann.getEmail(), SuppressionReason.BOUNCED, null);
		// B: a look-alike of Ann, reachable by sms
		Contact lookAlike = this.contacts.create(adminB,
				ContactDraft.builder()
					.firstName("Ann")
					.email(ContactFixtures.email())
					.phone(ContactFixtures.usPhone())
					.attribute("lead_source", "web")
					.tag("vip")
					.build());
		optIn(adminB, lookAlike, Channel.SMS);
	}

	@Test
	void countsMatchedAndReachablePerChannel() {
		ApiResponse response = this.admin.post("/api/v1/audiences/count", TYPICAL);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().path("matched").asLong()).isEqualTo(2);
		assertThat(response.json().path("reachable").path("sms").asLong()).as("Ann; Bob has no consent").isEqualTo(1);
		assertThat(response.json().path("reachable").path("email").asLong()).as("Ann's email bounced").isZero();
		assertThat(response.json().path("reachable").path("whatsapp").asLong()).isZero();
		assertThat(response.json().path("reachable").path("push").asLong()).isZero();

		ApiResponse withConsent = this.admin.post("/api/v1/audiences/count",
				Map.of("criteria",
						Map.of("logic", "AND", "children", List.of(
								Map.of("field", "tags", "operator", "any", "values", List.of("vip")),
								Map.of("field", "consent.sms", "operator", "equals", "values", List.of("opted_in"))))));
		assertThat(withConsent.json().path("matched").asLong()).as("Ann and Cid").isEqualTo(2);
		assertThat(this.compliance.post("/api/v1/audiences/count", TYPICAL).json().path("matched").asLong())
			.isEqualTo(2);
	}

	@Test
	void storeManagersCountOnlyTheirStore() {
		ApiResponse response = this.manager.post("/api/v1/audiences/count", TYPICAL);
		ApiResponse sample = this.manager.post("/api/v1/audiences/sample", TYPICAL);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().path("matched").asLong()).as("Ann only; Bob is store two's").isEqualTo(1);
		assertThat(sample.itemValues("id")).containsExactly(this.ann.getId().value().toString());
	}

	@Test
	void samplesNewestFirstWithinTheLimit() {
		ApiResponse sample = this.admin.post("/api/v1/audiences/sample", TYPICAL);
		ApiResponse one = this.admin.post("/api/v1/audiences/sample",
				Map.of("criteria", TYPICAL.get("criteria"), "limit", 1));

		assertThat(sample.status()).as(sample.toString()).isEqualTo(200);
		assertThat(sample.itemValues("firstName")).containsExactly("Bob", "Ann");
		assertThat(sample.json().path("limit").asInt()).isEqualTo(10);
		assertThat(one.itemValues("firstName")).containsExactly("Bob");
		assertThat(one.json().path("items").get(0).path("email").asString()).isEqualTo(this.bob.getEmail());
	}

	@Test
	void eachTenantCountsOnlyItsOwnContacts() {
		ApiResponse count = this.otherAdmin.post("/api/v1/audiences/count", TYPICAL);
		ApiResponse sample = this.otherAdmin.post("/api/v1/audiences/sample", TYPICAL);
		ApiResponse byStoreOfA = this.otherAdmin.post("/api/v1/audiences/count",
				Map.of("criteria", Map.of("field", "store", "operator", "equals", "values",
						List.of(this.fixture.a().storeOne().getId().value().toString()))));

		assertThat(count.json().path("matched").asLong()).isEqualTo(1);
		assertThat(count.json().path("reachable").path("sms").asLong()).isEqualTo(1);
		assertThat(sample.itemValues("firstName")).containsExactly("Ann");
		assertThat(sample.itemValues("id")).doesNotContain(this.ann.getId().value().toString());
		assertThat(byStoreOfA.status()).isEqualTo(200);
		assertThat(byStoreOfA.json().path("matched").asLong()).as("A's store id means nothing in B").isZero();
	}

	@Test
	void badTreesGetTheBadNodesPath() {
		ApiResponse badOperator = this.admin.post("/api/v1/audiences/count",
				Map.of("criteria",
						Map.of("logic", "AND", "children",
								List.of(Map.of("field", "tags", "operator", "any", "values", List.of("vip")),
										Map.of("field", "attributes.visits", "type", "number", "operator", "contains",
												"values", List.of("3"))))));
		ApiResponse badValue = this.admin.post("/api/v1/audiences/sample",
				Map.of("criteria", Map.of("logic", "OR", "children", List.of(Map.of("field", "attributes.visits",
						"type", "number", "operator", "gt", "values", List.of("many"))))));
		ApiResponse unknownField = this.admin.post("/api/v1/audiences/count",
				Map.of("criteria", Map.of("field", "shoe_size", "operator", "equals", "values", List.of("9"))));
		ApiResponse missing = this.admin.post("/api/v1/audiences/count", Map.of());
		ApiResponse badLimit = this.admin.post("/api/v1/audiences/sample",
				Map.of("criteria", TYPICAL.get("criteria"), "limit", 500));
		ApiResponse notJson = this.admin.post("/api/v1/audiences/count", "{\"criteria\": [");

		assertThat(badOperator.status()).as(badOperator.toString()).isEqualTo(400);
		assertThat(badOperator.header("Content-Type")).startsWith("application/problem+json");
		assertThat(badOperator.json().path("errors").path("root.children[1].operator").asString())
			.contains("does not apply to number");
		assertThat(badValue.status()).isEqualTo(400);
		assertThat(badValue.json().path("errors").path("root.children[0].values[0]").asString())
			.isEqualTo("Expected a number");
		assertThat(unknownField.json().path("errors").path("root.field").asString()).contains("Unknown field");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json().path("errors").propertyNames()).containsExactly("criteria");
		assertThat(badLimit.status()).isEqualTo(400);
		assertThat(badLimit.json().path("errors").propertyNames()).containsExactly("limit");
		assertThat(notJson.status()).isEqualTo(400);
	}

	private void optIn(Actor actor, Contact contact, Channel channel) {
		this.consent.record(actor, contact.getId(), channel, ConsentStatus.OPTED_IN, ConsentSource.API,
				"Yes, send me offers", null, null);
	}

}
