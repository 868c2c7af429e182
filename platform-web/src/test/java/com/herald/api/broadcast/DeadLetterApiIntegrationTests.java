package com.herald.api.broadcast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.broadcast.BroadcastFixtures;
import com.herald.contact.Contact;
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
 * The tenant's dead letters across broadcasts through the REST API: cursor paging that
 * sees each one once, every filter, clear errors for bad input, retry by ids and by
 * filter (never a suppressed address), and no reach into another tenant's.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterApiIntegrationTests {

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

	Actor adminA;

	ApiClient admin;

	ApiClient otherAdmin;

	ApiClient compliance;

	@BeforeAll
	void signIn() {
		TwoTenants two = this.tenancy.twoTenants();
		this.adminA = two.a().admin(this.accounts);
		this.admin = this.apiKeyClients.issue(this.adminA, "dead letters", Role.TENANT_ADMIN);
		this.otherAdmin = this.apiKeyClients.issue(two.b(), "dead letters", Role.TENANT_ADMIN);
		this.compliance = this.apiKeyClients.issue(this.adminA, "dead letters", Role.COMPLIANCE_OFFICER);
		this.scripted.scriptedSms(two.a().id());
	}

	@Test
	void deadLettersArePagedByCursorFilteredAndRetriedByIdsOrByFilter() {
		String tag = BroadcastFixtures.tag();
		List<Contact> first = this.scripted.audienceWithFailures(this.adminA, tag + "a", 5, 3);
		List<Contact> second = this.scripted.audienceWithFailures(this.adminA, tag + "b", 2, 2);
		this.provider.script(first.get(3).getPhone(), ScriptedChannel.Behaviour.OPTED_OUT);
		String one = sendTo(tag + "a");
		String two = sendTo(tag + "b");

		// three pages of two, each dead letter once, newest failure first
		List<String> seen = new ArrayList<>();
		List<Instant> failedAt = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			ApiResponse page = this.admin
				.get("/api/v1/dead-letters?size=2&broadcastId=" + one + ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(page.status()).as(page.body()).isEqualTo(200);
			for (JsonNode item : page.json().path("items")) {
				seen.add(item.path("deliveryId").asString());
				failedAt.add(Instant.parse(item.path("failedAt").asString()));
				assertThat(item.path("broadcastName").asString()).isEqualTo("Dead letters " + tag + "a");
			}
			cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asString();
			pages++;
		}
		while (cursor != null);
		assertThat(pages).isEqualTo(2);
		assertThat(seen).hasSize(4).doesNotHaveDuplicates();
		assertThat(failedAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
		assertThat(ids("")).containsAll(seen).hasSizeGreaterThanOrEqualTo(6);

		assertThat(ids("?broadcastId=" + two)).hasSize(2);
		assertThat(ids("?broadcastId=" + one + "&errorCode=21610")).hasSize(1);
		assertThat(ids("?broadcastId=" + one + "&channel=sms")).hasSize(4);
		assertThat(ids("?broadcastId=" + one + "&channel=email")).isEmpty();
		assertThat(ids("?broadcastId=" + one + "&search=" + first.get(0).getPhone().replace("+", "%2B"))).hasSize(1);
		assertThat(ids("?broadcastId=" + one + "&from="
				+ Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
			.isEmpty();
		assertThat(ids("?broadcastId=" + one + "&to="
				+ Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
			.hasSize(4);

		// bad input: which field, and why
		assertThat(
				this.admin.get("/api/v1/dead-letters?channel=pigeon").json().path("errors").path("channel").asString())
			.contains("sms");
		assertThat(
				this.admin.get("/api/v1/dead-letters?cursor=nonsense").json().path("errors").path("cursor").asString())
			.isNotBlank();
		ApiResponse backwards = this.admin
			.get("/api/v1/dead-letters?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z");
		assertThat(backwards.status()).isEqualTo(400);
		assertThat(backwards.json().path("errors").path("to").asString()).isNotBlank();
		assertThat(this.admin.get("/api/v1/dead-letters?size=1000").status()).isEqualTo(400);
		ApiResponse neither = this.admin.post("/api/v1/dead-letters/retry", Map.of());
		assertThat(neither.status()).isEqualTo(400);
		assertThat(neither.json().path("errors").path("deliveryIds").asString()).isNotBlank();

		// another tenant sees none of them and retries nothing; a compliance officer
		// reads
		// them but may not retry
		assertThat(this.otherAdmin.get("/api/v1/dead-letters?broadcastId=" + one).json().path("items")).isEmpty();
		ApiResponse crafted = this.otherAdmin.post("/api/v1/dead-letters/retry", Map.of("deliveryIds", seen));
		assertThat(crafted.json().path("requeued").asInt()).isZero();
		assertThat(crafted.json().path("notRetried").asInt()).isEqualTo(4);
		assertThat(this.compliance.get("/api/v1/dead-letters?broadcastId=" + one).json().path("items")).hasSize(4);
		assertThat(this.compliance.post("/api/v1/dead-letters/retry", Map.of("deliveryIds", seen)).status())
			.isEqualTo(403);
		assertThat(ids("?broadcastId=" + one)).hasSize(4);

		// the numbers work now: retry one by id, then the rest of the first broadcast by
		// filter; the opted-out recipient stays failed
		for (Contact contact : List.of(first.get(0), first.get(1), first.get(2), second.get(0))) {
			this.provider.script(contact.getPhone(), ScriptedChannel.Behaviour.ACCEPT);
		}
		String oneOfTwo = ids("?broadcastId=" + two + "&search=" + second.get(0).getPhone().replace("+", "%2B")).get(0);
		ApiResponse byId = this.admin.post("/api/v1/dead-letters/retry", Map.of("deliveryIds", List.of(oneOfTwo)));
		assertThat(byId.json().path("requeued").asInt()).as(byId.body()).isEqualTo(1);
		ApiResponse byFilter = this.admin.post("/api/v1/dead-letters/retry",
				Map.of("filter", Map.of("broadcastId", one, "channel", "sms")));
		assertThat(byFilter.json().path("requeued").asInt()).as(byFilter.body()).isEqualTo(3);
		assertThat(byFilter.json().path("notRetried").asInt()).isEqualTo(1);

		await("the retried messages sent",
				() -> stats(one).path("sent").asLong() == 4 && stats(two).path("sent").asLong() == 1
						&& status(one).equals("completed") && status(two).equals("completed"));
		assertThat(ids("?broadcastId=" + one)).hasSize(1);
		assertThat(ids("?broadcastId=" + two)).hasSize(1).doesNotContain(oneOfTwo);
		for (String id : List.of(one, two)) {
			JsonNode stats = stats(id);
			assertThat(stats.path("sent").asLong() + stats.path("failed").asLong() + stats.path("skipped").asLong())
				.isEqualTo(stats.path("total").asLong());
		}
	}

	private String sendTo(String tag) {
		ApiResponse created = this.admin.post("/api/v1/broadcasts",
				Map.of("name", "Dead letters " + tag, "channel", "sms", "body", "Hello", "audience", Map.of("kind",
						"criteria", "criteria", Map.of("field", "tags", "operator", "any", "values", List.of(tag)))));
		String id = created.json().path("id").asString();
		this.admin.post("/api/v1/broadcasts/" + id + "/launch", "");
		await("completion", () -> status(id).equals("completed"));
		return id;
	}

	private List<String> ids(String query) {
		ApiResponse page = this.admin.get("/api/v1/dead-letters" + query + (query.isEmpty() ? "?" : "&") + "size=100");
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		Set<String> unique = new HashSet<>();
		List<String> ids = new ArrayList<>();
		page.json().path("items").forEach((item) -> {
			if (unique.add(item.path("deliveryId").asString())) {
				ids.add(item.path("deliveryId").asString());
			}
		});
		return ids;
	}

	private JsonNode stats(String id) {
		return this.admin.get("/api/v1/broadcasts/" + id + "/stats").json();
	}

	private String status(String id) {
		return this.admin.get("/api/v1/broadcasts/" + id).json().path("status").asString();
	}

}
