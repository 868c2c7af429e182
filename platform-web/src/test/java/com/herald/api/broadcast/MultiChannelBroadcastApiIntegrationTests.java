package com.herald.api.broadcast;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.broadcast.BroadcastFixtures;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.dispatch.RecordingEmailChannel;
import com.herald.dispatch.ScriptedChannel;
import com.herald.support.ApiClient;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.ApiKeyService;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Multi-channel broadcasts through the REST API: channels, mode and per-channel content
 * go in and come back; bad channels and missing content are field errors; the review and
 * the counters come per channel; another tenant sees none of it.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiChannelBroadcastApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ApiKeyService apiKeys;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	ScriptedChannel sms;

	@Autowired
	RecordingEmailChannel email;

	@Autowired
	BroadcastFixtures fixtures;

	TwoTenants two;

	Actor adminA;

	ApiClient admin;

	ApiClient otherAdmin;

	@BeforeAll
	void signIn() {
		this.two = this.tenancy.twoTenants();
		this.adminA = this.two.a().admin(this.accounts);
		this.admin = ApiClient.bearer(this.port, this.apiKeys.create(this.adminA, "multi", Role.TENANT_ADMIN).key());
		this.otherAdmin = ApiClient.bearer(this.port,
				this.apiKeys.create(this.two.b().admin(this.accounts), "multi", Role.TENANT_ADMIN).key());
		this.sms.enrol(this.two.a().id().value());
		this.email.enrol(this.two.a().id().value());
		this.fixtures.noQuietHours(this.two.a().id());
	}

	private Contact person(String tag, String name, Channel... consented) {
		Contact contact = this.contacts.create(this.adminA,
				ContactFixtures.person().firstName(name).timezone("America/New_York").tag(tag).build());
		for (Channel channel : consented) {
			this.consent.record(this.adminA, contact.getId(), channel, ConsentStatus.OPTED_IN, ConsentSource.FORM,
					"Yes", "192.0.2.1", null);
		}
		return contact;
	}

	@Test // #5
	void smsElseEmailIsWrittenReviewedLaunchedAndCountedPerChannel() {
		String tag = BroadcastFixtures.tag();
		person(tag, "Sam", Channel.SMS);
		person(tag, "Bo", Channel.SMS, Channel.EMAIL);
		Contact em = person(tag, "Em", Channel.EMAIL);
		person(tag, "Ned");

		ApiResponse created = this.admin.post("/api/v1/broadcasts", broadcast(tag, List.of("sms", "email"), "fallback",
				"Hi {{ contact.first_name }}", email("{{ contact.first_name }}, news", "<p>News</p>")));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().path("id").asString();
		assertThat(created.json().path("channel").asString()).isEqualTo("sms");
		assertThat(values(created.json().path("channels"))).containsExactly("sms", "email");
		assertThat(created.json().path("mode").asString()).isEqualTo("fallback");
		assertThat(created.json().path("body").asString()).isEqualTo("Hi {{ contact.first_name }}");
		assertThat(created.json().path("email").path("subject").asString()).isEqualTo("{{ contact.first_name }}, news");

		JsonNode review = this.admin.get("/api/v1/broadcasts/" + id + "/review").json();
		assertThat(review.path("matched").asLong()).isEqualTo(4);
		assertThat(review.path("estimated").asLong()).isEqualTo(3);
		assertThat(review.path("excluded").path("no_consent").asLong()).isEqualTo(1);
		assertThat(review.path("channels").get(0).path("channel").asString()).isEqualTo("sms");
		assertThat(review.path("channels").get(0).path("reachable").asLong()).isEqualTo(2);
		assertThat(review.path("channels").get(0).path("deliveries").asLong()).isEqualTo(2);
		assertThat(review.path("channels").get(0).path("excluded").path("no_consent").asLong()).isEqualTo(2);
		assertThat(review.path("channels").get(1).path("channel").asString()).isEqualTo("email");
		assertThat(review.path("channels").get(1).path("reachable").asLong()).isEqualTo(2);
		assertThat(review.path("channels").get(1).path("deliveries").asLong()).isEqualTo(1);

		ApiResponse launched = this.admin.post("/api/v1/broadcasts/" + id + "/launch", Map.of());
		assertThat(launched.status()).as(launched.toString()).isEqualTo(200);
		await("completion",
				() -> "completed".equals(this.admin.get("/api/v1/broadcasts/" + id).json().path("status").asString()));

		JsonNode stats = this.admin.get("/api/v1/broadcasts/" + id + "/channel-stats").json();
		assertThat(stats.size()).isEqualTo(2);
		assertThat(stats.get(0).path("channel").asString()).isEqualTo("sms");
		assertThat(stats.get(0).path("total").asLong()).isEqualTo(2);
		assertThat(stats.get(0).path("sent").asLong()).isEqualTo(2);
		assertThat(stats.get(0).path("exclusions").path("no_consent").asLong()).isEqualTo(2);
		assertThat(stats.get(1).path("channel").asString()).isEqualTo("email");
		assertThat(stats.get(1).path("total").asLong()).isEqualTo(1);
		assertThat(stats.get(1).path("sent").asLong()).isEqualTo(1);
		assertThat(this.email.received(this.two.a().id().value())
			.stream()
			.filter((message) -> id.equals(message.metadata().get("broadcastId")))
			.map((message) -> message.to() + " " + message.content().subject())
			.toList()).containsExactly(em.getEmail() + " Em, news");
		assertThat(this.otherAdmin.get("/api/v1/broadcasts/" + id + "/channel-stats").status()).isEqualTo(404);
	}

	@Test
	void unknownOrRepeatedChannelsAndMissingContentAreFieldErrors() {
		String tag = BroadcastFixtures.tag();
		ApiResponse unknown = this.admin.post("/api/v1/broadcasts",
				broadcast(tag, List.of("sms", "fax"), "all", "Hi", null));
		assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
		assertThat(unknown.json().path("errors").path("channels[1]").asString()).startsWith("Use one of");
		ApiResponse repeated = this.admin.post("/api/v1/broadcasts",
				broadcast(tag, List.of("email", "email"), "sideways", "Hi", null));
		assertThat(repeated.json().path("errors").path("channels[1]").asString()).isEqualTo("List each channel once");
		assertThat(repeated.json().path("errors").path("mode").asString()).startsWith("Use one of");
		assertThat(this.admin.get("/api/v1/broadcasts?size=100").itemValues("name")).doesNotContain("Multi " + tag);

		// a fallback with one channel is just a one-channel broadcast
		ApiResponse single = this.admin.post("/api/v1/broadcasts",
				broadcast(tag, List.of("email"), "fallback", null, null));
		assertThat(single.status()).as(single.toString()).isEqualTo(201);
		ApiResponse empty = this.admin.post("/api/v1/broadcasts",
				broadcast(tag, List.of("email", "sms"), "all", null, null));
		assertThat(empty.status()).as(empty.toString()).isEqualTo(201);
		ApiResponse refused = this.admin.post("/api/v1/broadcasts/" + empty.json().path("id").asString() + "/launch",
				Map.of());
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().path("errors").path("html").asString()).contains("email");
		assertThat(refused.json().path("errors").path("body").asString()).contains("sms");
	}

	private static List<String> values(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

	private Map<String, Object> broadcast(String tag, List<String> channels, String mode, String body,
			Map<String, Object> email) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("name", "Multi " + tag);
		request.put("channels", channels);
		request.put("mode", mode);
		request.put("category", "promotional");
		request.put("audience", Map.of("kind", "criteria", "criteria",
				Map.of("field", "tags", "operator", "any", "values", List.of(tag))));
		request.put("body", body);
		request.put("unitCostMicros", 8300);
		if (email != null) {
			request.put("email", email);
		}
		return request;
	}

	private static Map<String, Object> email(String subject, String html) {
		return Map.of("subject", subject, "html", html);
	}

}
