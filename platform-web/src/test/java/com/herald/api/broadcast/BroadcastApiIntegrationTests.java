package com.herald.api.broadcast;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.broadcast.BroadcastFixtures;
import com.herald.dispatch.ScriptedChannel;
import com.herald.support.ApiClient;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.ApiKeyClients;
import com.herald.support.HeraldWebTest;
import com.herald.support.ScriptedBroadcasts;
import com.herald.tenancy.Actor;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broadcast through the REST API from draft to completion, as an integrator would drive
 * it: review numbers, launch, live stats and recipients, and clear errors for bad input,
 * illegal transitions and another tenant's ids.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BroadcastApiIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ApiKeyClients apiKeyClients;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	ScriptedBroadcasts scripted;

	@Autowired
	ScriptedChannel provider;

	TwoTenants two;

	Actor adminA;

	ApiClient admin;

	ApiClient otherAdmin;

	@BeforeAll
	void signIn() {
		this.two = this.tenancy.twoTenants();
		this.adminA = this.two.a().admin(this.accounts);
		this.admin = this.apiKeyClients.issue(this.adminA, "broadcasts", Role.TENANT_ADMIN);
		this.otherAdmin = this.apiKeyClients.issue(this.two.b(), "broadcasts", Role.TENANT_ADMIN);
		this.scripted.scriptedSms(this.two.a().id());
	}

	@Test
	void aBroadcastGoesFromDraftToCompletedThroughTheApi() {
		String tag = BroadcastFixtures.tag();
		this.fixtures.audience(this.adminA, tag, 3);
		ApiResponse created = this.admin.post("/api/v1/broadcasts",
				Map.of("name", "Weekend sale", "channel", "sms", "body", "Hi {{ contact.first_name }}", "audience",
						Map.of("kind", "criteria", "criteria",
								Map.of("field", "tags", "operator", "any", "values", List.of(tag)))));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("id").asString();
		assertThat(created.json().path("status").asString()).isEqualTo("draft");

		ApiResponse review = this.admin.get("/api/v1/broadcasts/" + id + "/review");
		assertThat(review.json().path("matched").asLong()).isEqualTo(3);
		assertThat(review.json().path("estimated").asLong()).isEqualTo(3);

		ApiResponse launched = this.admin.post("/api/v1/broadcasts/" + id + "/launch", "");
		assertThat(launched.status()).as(launched.body()).isEqualTo(200);
		assertThat(launched.json().path("status").asString()).isEqualTo("scheduled");
		await("completion",
				() -> this.admin.get("/api/v1/broadcasts/" + id).json().path("status").asString().equals("completed"));

		ApiResponse stats = this.admin.get("/api/v1/broadcasts/" + id + "/stats");
		assertThat(stats.json().path("total").asLong()).isEqualTo(3);
		assertThat(stats.json().path("sent").asLong()).isEqualTo(3);
		assertThat(stats.json().path("queued").asLong()).isZero();
		ApiResponse recipients = this.admin.get("/api/v1/broadcasts/" + id + "/recipients?status=sent&search=ann");
		assertThat(recipients.json().path("totalItems").asLong()).isEqualTo(3);
		assertThat(this.admin.get("/api/v1/broadcasts/" + id + "/dead-letters").json().path("totalItems").asLong())
			.isZero();

		ApiResponse pause = this.admin.post("/api/v1/broadcasts/" + id + "/pause", "");
		assertThat(pause.status()).isEqualTo(409);
		assertThat(pause.json().path("detail").asString()).contains("completed");
		assertThat(this.otherAdmin.get("/api/v1/broadcasts/" + id).status()).isEqualTo(404);
		assertThat(this.otherAdmin.post("/api/v1/broadcasts/" + id + "/cancel", "").status()).isEqualTo(404);
	}

	@Test
	void deadLettersAreListedWithTheirErrorsAndRetriedByWritersOfTheTenantOnly() {
		String tag = BroadcastFixtures.tag();
		String failing = this.scripted.audienceWithFailures(this.adminA, tag, 3, 1).get(0).getPhone();
		ApiResponse created = this.admin.post("/api/v1/broadcasts",
				Map.of("name", "Retry " + tag, "channel", "sms", "body", "Hello", "audience", Map.of("kind", "criteria",
						"criteria", Map.of("field", "tags", "operator", "any", "values", List.of(tag)))));
		String id = created.json().path("id").asString();
		this.admin.post("/api/v1/broadcasts/" + id + "/launch", "");
		await("completion",
				() -> this.admin.get("/api/v1/broadcasts/" + id).json().path("status").asString().equals("completed"));

		ApiResponse dead = this.admin.get("/api/v1/broadcasts/" + id + "/dead-letters");
		assertThat(dead.json().path("totalItems").asLong()).isEqualTo(1);
		assertThat(dead.json().path("items").get(0).path("address").asString()).isEqualTo(failing);
		assertThat(dead.json().path("items").get(0).path("errorCode").asString()).isEqualTo("21211");
		String deliveryId = dead.json().path("items").get(0).path("deliveryId").asString();

		ApiClient compliance = this.apiKeyClients.issue(this.adminA, "compliance " + tag, Role.COMPLIANCE_OFFICER);
		assertThat(compliance.post("/api/v1/broadcasts/" + id + "/dead-letters/retry", Map.of()).status())
			.isEqualTo(403);
		assertThat(this.otherAdmin
			.post("/api/v1/broadcasts/" + id + "/dead-letters/retry", Map.of("deliveryIds", List.of(deliveryId)))
			.status()).isEqualTo(404);
		assertThat(this.admin.get("/api/v1/broadcasts/" + id + "/stats").json().path("failed").asLong())
			.as("nothing retried by the refused calls")
			.isEqualTo(1);

		// the number works now: the retry sends it and the broadcast completes again
		this.provider.script(failing, ScriptedChannel.Behaviour.ACCEPT);
		ApiResponse retried = this.admin.post("/api/v1/broadcasts/" + id + "/dead-letters/retry",
				Map.of("deliveryIds", List.of(deliveryId)));
		assertThat(retried.status()).as(retried.body()).isEqualTo(200);
		assertThat(retried.json().path("requeued").asInt()).isEqualTo(1);
		await("the retried message sent",
				() -> this.admin.get("/api/v1/broadcasts/" + id + "/stats").json().path("sent").asLong() == 3
						&& this.admin.get("/api/v1/broadcasts/" + id)
							.json()
							.path("status")
							.asString()
							.equals("completed"));
		ApiResponse stats = this.admin.get("/api/v1/broadcasts/" + id + "/stats");
		assertThat(stats.json().path("failed").asLong()).isZero();
		assertThat(stats.json().path("sent").asLong() + stats.json().path("failed").asLong()
				+ stats.json().path("skipped").asLong())
			.isEqualTo(stats.json().path("total").asLong())
			.isEqualTo(3);
		assertThat(this.admin.get("/api/v1/broadcasts/" + id + "/dead-letters").json().path("totalItems").asLong())
			.isZero();
	}

	@Test
	void badInputIsAnsweredWithTheFieldsToFix() {
		ApiResponse blank = this.admin.post("/api/v1/broadcasts",
				Map.of("name", " ", "channel", "carrier-pigeon", "schedule", Map.of("kind", "sometime")));
		assertThat(blank.status()).isEqualTo(400);
		assertThat(blank.json().path("errors").path("name").asString()).isNotBlank();
		assertThat(blank.json().path("errors").path("channel").asString()).contains("sms");
		assertThat(blank.json().path("errors").path("schedule.kind").asString()).contains("local_time");

		ApiResponse liquid = this.admin.post("/api/v1/broadcasts",
				Map.of("name", "Broken", "body", "Hi {{ contact.first_name "));
		assertThat(liquid.status()).isEqualTo(400);
		assertThat(liquid.json().path("errors").path("body").asString()).isNotBlank();
	}

}
