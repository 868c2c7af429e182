package com.herald.api.audience;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

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
 * Segments and static lists through the API: CRUD, counts and samples, members from ids
 * and from a CSV; store managers limited to their stores; tenant B never sees or uses
 * tenant A's segment or list ids.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentListApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	ApiKeyClients apiKeyClients;

	TwoTenants fixture;

	ApiClient admin;

	ApiClient manager;

	ApiClient otherAdmin;

	String storeOne;

	String storeTwo;

	@BeforeAll
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.admin = this.apiKeyClients.issue(this.fixture.a(), "audiences", Role.TENANT_ADMIN);
		this.manager = ApiClient.bearer(this.port, ApiClient.jwtFor(this.fixture.a().managerEmail(), true));
		this.otherAdmin = this.apiKeyClients.issue(this.fixture.b(), "audiences", Role.TENANT_ADMIN);
		this.storeOne = this.fixture.a().storeOne().getId().toString();
		this.storeTwo = this.fixture.a().storeTwo().getId().toString();
	}

	@Test
	void aSegmentIsSavedCountedSampledChangedAndDeleted() {
		String tag = ContactFixtures.token();
		String ann = contact(this.storeOne, tag, Map.of("total_spent", 250));
		contact(this.storeTwo, tag, Map.of("total_spent", 20));
		Map<String, Object> criteria = Map.of("logic", "AND", "children",
				List.of(Map.of("field", "tags", "operator", "any", "values", List.of(tag)), Map.of("field",
						"attributes.total_spent", "type", "number", "operator", "gte", "values", List.of(100))));

		ApiResponse created = this.admin.post("/api/v1/segments", Map.of("name", "Big " + tag, "criteria", criteria));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().path("id").asString();
		assertThat(created.header("Location")).endsWith("/api/v1/segments/" + id);
		assertThat(created.json().path("criteria").path("children").get(1).path("operator").asString())
			.isEqualTo("gte");

		ApiResponse count = this.admin.get("/api/v1/segments/" + id + "/count");
		assertThat(count.status()).as(count.toString()).isEqualTo(200);
		assertThat(count.json().path("matched").asLong()).isEqualTo(1);
		assertThat(count.json().path("reachable").path("sms").asLong()).isZero();
		assertThat(count.json().path("reachable").has("email")).isTrue();
		ApiResponse sample = this.admin.get("/api/v1/segments/" + id + "/sample?limit=10");
		assertThat(sample.json().valueStream().map((item) -> item.path("id").asString()).toList()).containsExactly(ann);

		ApiResponse changed = this.admin.put("/api/v1/segments/" + id, Map.of("name", "All " + tag, "criteria",
				Map.of("field", "tags", "operator", "any", "values", List.of(tag))));
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(this.admin.get("/api/v1/segments/" + id + "/count").json().path("matched").asLong()).isEqualTo(2);
		assertThat(this.manager.get("/api/v1/segments/" + id + "/count").json().path("matched").asLong()).isEqualTo(1);
		assertThat(this.admin.get("/api/v1/segments?size=100").itemValues("id")).contains(id);

		assertThat(this.admin.delete("/api/v1/segments/" + id).status()).isEqualTo(204);
		assertThat(this.admin.get("/api/v1/segments/" + id).status()).isEqualTo(404);
	}

	@Test
	void aBadTreeIsRefusedWithThePathOfTheBadNode() {
		Map<String, Object> criteria = Map.of("logic", "OR", "children",
				List.of(Map.of("field", "email", "operator", "exists"), Map.of("field", "attributes.visit_count",
						"type", "number", "operator", "gt", "values", List.of("many"))));
		ApiResponse refused = this.admin.post("/api/v1/segments", Map.of("name", "Bad", "criteria", criteria));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().path("errors").path("root.children[1].values[0]").asString())
			.isEqualTo("Expected a number");
		ApiResponse noTree = this.admin.post("/api/v1/segments", Map.of("name", "Bad"));
		assertThat(noTree.json().path("errors").has("criteria")).isTrue();
		ApiResponse byManager = this.manager.post("/api/v1/segments",
				Map.of("name", "Mine", "criteria", Map.of("field", "email", "operator", "exists")));
		assertThat(byManager.status()).isEqualTo(403);
	}

	@Test
	void aListIsFilledFromIdsAndACsvAndUsedAsAnAudience() {
		String tag = ContactFixtures.token();
		String one = contact(this.storeOne, tag, Map.of());
		String two = contact(this.storeTwo, tag, Map.of());
		String email = this.admin.get("/api/v1/contacts/" + two).json().path("email").asString();

		ApiResponse created = this.admin.post("/api/v1/lists", Map.of("name", "Fair " + tag));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String list = created.json().path("id").asString();
		ApiResponse added = this.admin.post("/api/v1/lists/" + list + "/members", Map.of("contactIds", List.of(one)));
		assertThat(added.json().path("changed").asInt()).isEqualTo(1);
		ApiResponse upload = this.admin.multipart("/api/v1/lists/" + list + "/members/csv", Map.of(), "fair.csv",
				bytes("email\n" + email + "\nnobody-" + tag + "@example.com\n"));
		assertThat(upload.status()).as(upload.toString()).isEqualTo(200);
		assertThat(upload.json().path("added").asLong()).isEqualTo(1);
		assertThat(upload.json().path("unmatched").get(0).path("line").asLong()).isEqualTo(3);
		assertThat(upload.json().path("unmatched").get(0).path("reason").asString())
			.isEqualTo("No contact has this email");

		ApiResponse members = this.admin.get("/api/v1/lists/" + list + "/members?size=10");
		assertThat(members.json().path("totalItems").asLong()).isEqualTo(2);
		assertThat(members.json().path("items").valueStream().map((item) -> item.path("contact").path("id").asString()))
			.containsExactlyInAnyOrder(one, two);
		assertThat(this.manager.get("/api/v1/lists/" + list + "/members").json().path("totalItems").asLong())
			.isEqualTo(1);
		assertThat(this.manager.post("/api/v1/lists/" + list + "/members/remove", Map.of("contactIds", List.of(two)))
			.status()).isEqualTo(403);

		ApiResponse segment = this.admin.post("/api/v1/segments", Map.of("name", "On the fair list " + tag, "criteria",
				Map.of("field", "list", "operator", "equals", "values", List.of(list))));
		String segmentId = segment.json().path("id").asString();
		assertThat(this.admin.get("/api/v1/segments/" + segmentId + "/count").json().path("matched").asLong())
			.isEqualTo(2);

		ApiResponse removed = this.admin.post("/api/v1/lists/" + list + "/members/remove",
				Map.of("contactIds", List.of(two)));
		assertThat(removed.json().path("list").path("members").asLong()).isEqualTo(1);
		assertThat(this.admin.patch("/api/v1/lists/" + list, Map.of("name", "Fair 2026 " + tag))
			.json()
			.path("name")
			.asString()).isEqualTo("Fair 2026 " + tag);
		assertThat(this.manager.delete("/api/v1/lists/" + list).status()).isEqualTo(403);
		assertThat(this.admin.delete("/api/v1/lists/" + list).status()).isEqualTo(204);
		assertThat(this.admin.get("/api/v1/lists/" + list).status()).isEqualTo(404);
		ApiResponse dangling = this.admin.get("/api/v1/segments/" + segmentId + "/count");
		assertThat(dangling.status()).isEqualTo(400);
		assertThat(dangling.json().path("errors").has("root.values[0]")).isTrue();
	}

	@Test
	void tenantBNeverSeesOrUsesTenantAsSegmentsAndLists() {
		String tag = ContactFixtures.token();
		String mine = contact(this.storeOne, tag, Map.of());
		String list = this.admin.post("/api/v1/lists", Map.of("name", "Secret " + tag)).json().path("id").asString();
		this.admin.post("/api/v1/lists/" + list + "/members", Map.of("contactIds", List.of(mine)));
		String segment = this.admin
			.post("/api/v1/segments",
					Map.of("name", "Secret " + tag, "criteria",
							Map.of("field", "tags", "operator", "any", "values", List.of(tag))))
			.json()
			.path("id")
			.asString();

		assertThat(this.otherAdmin.get("/api/v1/segments/" + segment).status()).isEqualTo(404);
		assertThat(this.otherAdmin.get("/api/v1/segments/" + segment + "/count").status()).isEqualTo(404);
		assertThat(this.otherAdmin.get("/api/v1/segments/" + segment + "/sample").status()).isEqualTo(404);
		assertThat(this.otherAdmin.delete("/api/v1/segments/" + segment).status()).isEqualTo(404);
		assertThat(this.otherAdmin.get("/api/v1/segments?size=100").itemValues("id")).doesNotContain(segment);
		assertThat(this.otherAdmin.get("/api/v1/lists/" + list).status()).isEqualTo(404);
		assertThat(this.otherAdmin.get("/api/v1/lists/" + list + "/members").status()).isEqualTo(404);
		assertThat(this.otherAdmin.patch("/api/v1/lists/" + list, Map.of("name", "Mine")).status()).isEqualTo(404);
		assertThat(
				this.otherAdmin.multipart("/api/v1/lists/" + list + "/members/csv", Map.of(), "x.csv", bytes("email\n"))
					.status())
			.isEqualTo(404);
		assertThat(this.otherAdmin.get("/api/v1/lists?size=100").itemValues("id")).doesNotContain(list);
		String theirList = this.otherAdmin.post("/api/v1/lists", Map.of("name", "Theirs " + tag))
			.json()
			.path("id")
			.asString();
		assertThat(this.otherAdmin.post("/api/v1/lists/" + theirList + "/members", Map.of("contactIds", List.of(mine)))
			.status()).isEqualTo(404);
		ApiResponse usingA = this.otherAdmin.post("/api/v1/segments", Map.of("name", "Using A " + tag, "criteria",
				Map.of("field", "list", "operator", "in", "values", List.of(theirList, list))));
		assertThat(usingA.status()).as(usingA.toString()).isEqualTo(400);
		assertThat(usingA.json().path("errors").has("root.values[1]")).isTrue();
		assertThat(this.admin.get("/api/v1/lists/" + list).json().path("members").asLong()).isEqualTo(1);
	}

	@Test
	void aListIsMadeFromIdsOrACsvAndChangedByCriteriaAndBySearchInOneCall() {
		String tag = ContactFixtures.token();
		String one = contact(this.storeOne, tag, Map.of());
		String two = contact(this.storeTwo, tag, Map.of());
		String three = contact(this.storeOne, tag, Map.of());
		String email = this.admin.get("/api/v1/contacts/" + three).json().path("email").asString();

		ApiResponse created = this.admin.post("/api/v1/lists",
				Map.of("name", "Chosen " + tag, "contactIds", List.of(one, two)));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String list = created.json().path("id").asString();
		assertThat(created.json().path("members").asLong()).isEqualTo(2);

		// by criteria: the whole tag at once; the ones already there are not counted
		// twice
		Map<String, Object> tagged = Map.of("criteria",
				Map.of("field", "tags", "operator", "any", "values", List.of(tag)));
		ApiResponse byCriteria = this.admin.post("/api/v1/lists/" + list + "/members/matching", tagged);
		assertThat(byCriteria.status()).as(byCriteria.toString()).isEqualTo(200);
		assertThat(byCriteria.json().path("changed").asInt()).isEqualTo(1);
		assertThat(byCriteria.json().path("list").path("members").asLong()).isEqualTo(3);
		ApiResponse found = this.admin.get("/api/v1/lists/" + list + "/members?q=" + email);
		assertThat(found.json().path("totalItems").asLong()).isEqualTo(1);
		assertThat(found.json().path("items").get(0).path("contact").path("id").asString()).isEqualTo(three);
		assertThat(this.admin.get("/api/v1/lists?q=chosen+" + tag.toUpperCase()).itemValues("id"))
			.containsExactly(list);

		// a store manager removes by criteria only what is in their stores
		ApiResponse byManager = this.manager.post("/api/v1/lists/" + list + "/members/remove-matching", tagged);
		assertThat(byManager.status()).as(byManager.toString()).isEqualTo(200);
		assertThat(byManager.json().path("changed").asInt()).isEqualTo(2);
		assertThat(this.admin.get("/api/v1/lists/" + list).json().path("members").asLong()).isEqualTo(1);

		// by the contacts list's search (an email prefix) and store
		ApiResponse bySearch = this.manager.post("/api/v1/lists/" + list + "/members/matching",
				Map.of("search", email, "storeId", this.storeOne));
		assertThat(bySearch.json().path("changed").asInt()).as(bySearch.toString()).isEqualTo(1);
		assertThat(this.manager.post("/api/v1/lists/" + list + "/members/matching", Map.of("storeId", this.storeTwo))
			.status()).isEqualTo(403);

		// clear errors, nothing changed
		ApiResponse nothing = this.admin.post("/api/v1/lists/" + list + "/members/matching", Map.of());
		assertThat(nothing.status()).isEqualTo(400);
		assertThat(nothing.json().path("errors").has("criteria")).isTrue();
		ApiResponse both = this.admin.post("/api/v1/lists/" + list + "/members/matching",
				Map.of("criteria", Map.of("field", "email", "operator", "exists"), "search", "a"));
		assertThat(both.status()).isEqualTo(400);
		ApiResponse badTree = this.admin.post("/api/v1/lists/" + list + "/members/remove-matching",
				Map.of("criteria", Map.of("field", "shoe_size", "operator", "exists")));
		assertThat(badTree.status()).as(badTree.toString()).isEqualTo(400);
		assertThat(badTree.json().path("errors").has("root.field")).as(badTree.toString()).isTrue();
		assertThat(this.admin.get("/api/v1/lists/" + list).json().path("members").asLong()).isEqualTo(2);
		ApiResponse renameWithMembers = this.admin.patch("/api/v1/lists/" + list,
				Map.of("name", "X", "contactIds", List.of(one)));
		assertThat(renameWithMembers.status()).isEqualTo(400);
		assertThat(renameWithMembers.json().path("errors").has("contactIds")).isTrue();
	}

	@Test
	void aListIsCreatedFromACsvAllOrNothing() {
		String tag = ContactFixtures.token();
		String one = contact(this.storeOne, tag, Map.of());
		String email = this.admin.get("/api/v1/contacts/" + one).json().path("email").asString();

		ApiResponse created = this.admin.multipart("/api/v1/lists/csv", Map.of("name", "Fair " + tag), "fair.csv",
				bytes("Email\n" + email + "\nnobody-" + tag + "@example.com\n"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String list = created.json().path("list").path("id").asString();
		assertThat(created.header("Location")).endsWith("/api/v1/lists/" + list);
		assertThat(created.json().path("list").path("members").asLong()).isEqualTo(1);
		assertThat(created.json().path("upload").path("added").asLong()).isEqualTo(1);
		assertThat(created.json().path("upload").path("unmatched").get(0).path("line").asLong()).isEqualTo(3);

		ApiResponse noIdentifier = this.admin.multipart("/api/v1/lists/csv", Map.of("name", "Broken " + tag),
				"broken.csv", bytes("shoe\n42\n"));
		assertThat(noIdentifier.status()).isEqualTo(400);
		assertThat(noIdentifier.json().path("errors").has("file")).isTrue();
		ApiResponse noFile = this.admin.multipart("/api/v1/lists/csv", Map.of("name", "Empty " + tag), "empty.csv",
				new byte[0]);
		assertThat(noFile.json().path("errors").has("file")).isTrue();
		assertThat(this.admin.get("/api/v1/lists?q=" + tag).itemValues("id")).containsExactly(list);
		ApiResponse duplicate = this.admin.multipart("/api/v1/lists/csv", Map.of("name", "FAIR " + tag), "fair.csv",
				bytes("email\n" + email + "\n"));
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.json().path("errors").has("name")).isTrue();
		assertThat(this.manager
			.multipart("/api/v1/lists/csv", Map.of("name", "Mine " + tag), "m.csv", bytes("email\n" + email + "\n"))
			.status()).isEqualTo(403);
	}

	@Test
	void tenantBNeitherChangesTenantAsListsNorAddsTenantAsContactsByCriteria() {
		String tag = ContactFixtures.token();
		String mine = contact(this.storeOne, tag, Map.of());
		String list = this.admin.post("/api/v1/lists", Map.of("name", "Secret " + tag)).json().path("id").asString();
		Map<String, Object> tagged = Map.of("criteria",
				Map.of("field", "tags", "operator", "any", "values", List.of(tag)));

		assertThat(this.otherAdmin.post("/api/v1/lists/" + list + "/members/matching", tagged).status()).isEqualTo(404);
		assertThat(this.otherAdmin.post("/api/v1/lists/" + list + "/members/remove-matching", tagged).status())
			.isEqualTo(404);
		assertThat(this.otherAdmin.get("/api/v1/lists?q=" + tag).itemValues("id")).isEmpty();
		String theirs = this.otherAdmin.post("/api/v1/lists", Map.of("name", "Theirs " + tag))
			.json()
			.path("id")
			.asString();
		assertThat(this.otherAdmin.post("/api/v1/lists", Map.of("name", "Theirs 2 " + tag, "contactIds", List.of(mine)))
			.status()).isEqualTo(404);
		ApiResponse byCriteria = this.otherAdmin.post("/api/v1/lists/" + theirs + "/members/matching", tagged);
		assertThat(byCriteria.json().path("changed").asInt()).as(byCriteria.toString()).isZero();
		String email = this.admin.get("/api/v1/contacts/" + mine).json().path("email").asString();
		ApiResponse bySearch = this.otherAdmin.post("/api/v1/lists/" + theirs + "/members/matching",
				Map.of("search", email));
		assertThat(bySearch.json().path("changed").asInt()).isZero();
		assertThat(this.otherAdmin.get("/api/v1/lists?q=theirs+2+" + tag).itemValues("id")).isEmpty();
		assertThat(this.admin.get("/api/v1/lists/" + list).json().path("members").asLong()).isZero();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	private String contact(String store, String tag, Map<String, Object> attributes) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("firstName", "Ann");
		body.put("email", ContactFixtures.email());
		body.put("storeId", store);
		body.put("tags", List.of(tag));
		body.put("attributes", attributes);
		ApiResponse created = this.admin.post("/api/v1/contacts", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asString();
	}

}
