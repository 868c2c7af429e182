package com.herald.api.contact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 * Contacts through the API: CRUD, upsert and batch sync, merge, GDPR export and erasure;
 * store managers limited to their stores; tenant B never sees or touches tenant A's.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactApiIntegrationTests {

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

	String storeOne;

	String storeTwo;

	@BeforeAll
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.admin = this.apiKeyClients.issue(this.fixture.a(), "contacts", Role.TENANT_ADMIN);
		this.manager = ApiClient.bearer(this.port, ApiClient.jwtFor(this.fixture.a().managerEmail(), true));
		this.compliance = this.apiKeyClients.issue(this.fixture.a(), "privacy", Role.COMPLIANCE_OFFICER);
		this.otherAdmin = this.apiKeyClients.issue(this.fixture.b(), "contacts", Role.TENANT_ADMIN);
		this.storeOne = this.fixture.a().storeOne().getId().toString();
		this.storeTwo = this.fixture.a().storeTwo().getId().toString();
	}

	@Test
	void createsReadsAndPatchesAContact() {
		String email = ContactFixtures.email();
		Map<String, Object> body = person(email);
		body.put("phone", "+1 (415) 555-2671");
		body.put("attributes", Map.of("lead_source", "walk-in", "visit_count", 3));
		body.put("tags", List.of("vip", "newsletter"));

		ApiResponse created = this.admin.post("/api/v1/contacts", body);

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().path("id").asString();
		assertThat(created.header("Location")).endsWith("/api/v1/contacts/" + id);
		ApiResponse read = this.admin.get("/api/v1/contacts/" + id);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().path("phone").asString()).isEqualTo("+14155552671");
		assertThat(read.json().path("email").asString()).isEqualTo(email);
		assertThat(read.json().path("storeId").asString()).isEqualTo(this.storeOne);
		assertThat(read.json().path("attributes").path("lead_source").asString()).isEqualTo("walk-in");
		assertThat(read.json().path("attributes").path("visit_count").asInt()).isEqualTo(3);
		assertThat(read.json().path("tags").valueStream().map((tag) -> tag.asString()).toList())
			.containsExactly("newsletter", "vip");

		Map<String, Object> patch = new HashMap<>();
		patch.put("firstName", "Annabel");
		patch.put("lastName", null);
		patch.put("attributes", Map.of("market", "north"));
		patch.put("tags", List.of("gold"));
		ApiResponse patched = this.admin.patch("/api/v1/contacts/" + id, patch);

		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		ApiResponse after = this.admin.get("/api/v1/contacts/" + id);
		assertThat(after.json().path("firstName").asString()).isEqualTo("Annabel");
		assertThat(after.json().path("lastName").isNull()).isTrue();
		assertThat(after.json().path("email").asString()).as("not mentioned, kept").isEqualTo(email);
		assertThat(after.json().path("attributes").path("lead_source").asString()).isEqualTo("walk-in");
		assertThat(after.json().path("attributes").path("market").asString()).isEqualTo("north");
		assertThat(after.json().path("tags").valueStream().map((tag) -> tag.asString()).toList())
			.containsExactly("gold");
	}

	@Test
	void answersInvalidInputWithTheFieldsAtFault() {
		Map<String, Object> body = new HashMap<>();
		body.put("email", "not an email");
		body.put("phone", "12");
		body.put("timezone", "Mars/Olympus");

		ApiResponse created = this.admin.post("/api/v1/contacts", body);
		ApiResponse patched = this.admin.patch("/api/v1/contacts/" + create(person(ContactFixtures.email())),
				Map.of("favouriteColour", "blue", "tags", "not-an-array"));

		assertThat(created.status()).as(created.toString()).isEqualTo(400);
		assertThat(created.json().path("errors").propertyNames()).contains("email", "phone", "timezone");
		assertThat(patched.status()).as(patched.toString()).isEqualTo(400);
		assertThat(patched.json().path("errors").propertyNames()).contains("favouriteColour", "tags");
	}

	@Test
	void reportsADuplicateEmailInsteadOfMerging() {
		String email = ContactFixtures.email();
		String first = create(person(email));

		ApiResponse second = this.admin.post("/api/v1/contacts", person(email.toUpperCase()));

		assertThat(second.status()).as(second.toString()).isEqualTo(409);
		assertThat(second.json().path("errors").has("email")).isTrue();
		assertThat(this.admin.get("/api/v1/contacts?q=" + email).itemValues("id")).containsExactly(first);
	}

	@Test
	void listsInKeysetPagesWithSearchAndStoreFilter() {
		String token = ContactFixtures.token();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Map<String, Object> body = person(ContactFixtures.email());
			body.put("firstName", token + i);
			ids.add(create(body));
		}
		Map<String, Object> inStoreTwo = person(ContactFixtures.email());
		inStoreTwo.put("firstName", token + "9");
		inStoreTwo.put("storeId", this.storeTwo);
		String other = create(inStoreTwo);

		ApiResponse first = this.admin.get("/api/v1/contacts?q=" + token + "&storeId=" + this.storeOne + "&limit=2");
		String cursor = first.json().path("nextCursor").asString();
		ApiResponse second = this.admin
			.get("/api/v1/contacts?q=" + token + "&storeId=" + this.storeOne + "&limit=2&cursor=" + cursor);
		ApiResponse storeTwoOnly = this.admin.get("/api/v1/contacts?q=" + token + "&storeId=" + this.storeTwo);
		ApiResponse tooMany = this.admin.get("/api/v1/contacts?limit=5000");

		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(first.itemValues("id")).containsExactly(ids.get(2), ids.get(1));
		assertThat(cursor).isNotBlank();
		assertThat(second.itemValues("id")).containsExactly(ids.get(0));
		assertThat(second.json().path("nextCursor").isNull()).isTrue();
		assertThat(storeTwoOnly.itemValues("id")).containsExactly(other);
		assertThat(tooMany.status()).isEqualTo(400);
		assertThat(tooMany.json().path("errors").has("limit")).isTrue();
	}

	@Test
	void upsertsByExternalIdThenEmailAndReportsConflicts() {
		String externalId = "crm-" + ContactFixtures.token();
		String email = ContactFixtures.email();
		Map<String, Object> body = person(email);
		body.put("externalId", externalId);

		ApiResponse created = this.admin.put("/api/v1/contacts", body);
		ApiResponse updated = this.admin.put("/api/v1/contacts",
				Map.of("externalId", externalId, "firstName", "Renamed", "tags", List.of("synced")));
		ApiResponse byEmail = this.admin.put("/api/v1/contacts", Map.of("email", email, "lastName", "ByEmail"));
		String someoneElse = create(person(ContactFixtures.email()));
		String someoneElsesEmail = this.admin.get("/api/v1/contacts/" + someoneElse).json().path("email").asString();
		ApiResponse conflict = this.admin.put("/api/v1/contacts",
				Map.of("externalId", externalId, "email", someoneElsesEmail));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().path("outcome").asString()).isEqualTo("CREATED");
		String id = created.json().path("contact").path("id").asString();
		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().path("outcome").asString()).isEqualTo("UPDATED");
		assertThat(updated.json().path("contact").path("id").asString()).isEqualTo(id);
		assertThat(updated.json().path("contact").path("email").asString()).as("kept").isEqualTo(email);
		assertThat(byEmail.json().path("contact").path("id").asString()).isEqualTo(id);
		assertThat(byEmail.json().path("contact").path("lastName").asString()).isEqualTo("ByEmail");
		assertThat(byEmail.json().path("contact").path("firstName").asString()).isEqualTo("Renamed");
		assertThat(conflict.status()).as(conflict.toString()).isEqualTo(409);
		assertThat(this.admin.get("/api/v1/contacts/" + someoneElse).json().path("externalId").isNull()).isTrue();
	}

	@Test
	void batchKeepsTheGoodItemsAndReportsTheBadOnes() {
		String existing = ContactFixtures.email();
		String existingId = create(person(existing));
		String goodOne = ContactFixtures.email();
		String goodTwo = ContactFixtures.email();
		List<Object> items = new ArrayList<>();
		items.add(Map.of("email", goodOne, "firstName", "Good", "storeId", this.storeOne));
		items.add(Map.of("email", ContactFixtures.email(), "phone", "not a phone"));
		items.add(Map.of("email", existing, "lastName", "Updated"));
		items.add(Map.of("firstName", "Nobody"));
		items.add(Map.of("email", ContactFixtures.email(), "tags", Arrays.asList("fine", null)));
		items.add(Map.of("email", goodTwo, "tags", List.of("batch")));

		ApiResponse response = this.admin.post("/api/v1/contacts/batch", Map.of("items", items));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<String> outcomes = response.json()
			.path("results")
			.valueStream()
			.map((result) -> result.path("outcome").asString())
			.toList();
		assertThat(outcomes).containsExactly("CREATED", "REJECTED", "UPDATED", "REJECTED", "REJECTED", "CREATED");
		assertThat(response.json().path("results").get(1).path("errors").has("phone")).isTrue();
		assertThat(response.json().path("results").get(1).path("contactId").isNull()).isTrue();
		assertThat(response.json().path("results").get(3).path("errors").has("identifier")).isTrue();
		assertThat(response.json().path("results").get(4).path("errors").has("tags")).isTrue();
		assertThat(response.json().path("results").get(5).path("index").asInt()).isEqualTo(5);
		assertThat(response.json().path("created").asInt()).isEqualTo(2);
		assertThat(response.json().path("updated").asInt()).isEqualTo(1);
		assertThat(response.json().path("rejected").asInt()).isEqualTo(3);
		assertThat(this.admin.get("/api/v1/contacts?q=" + goodOne).itemValues("email")).containsExactly(goodOne);
		assertThat(this.admin.get("/api/v1/contacts?q=" + goodTwo).itemValues("email")).containsExactly(goodTwo);
		assertThat(this.admin.get("/api/v1/contacts/" + existingId).json().path("lastName").asString())
			.isEqualTo("Updated");
	}

	@Test
	void batchReportsItemsWhoseIdentifiersBelongToDifferentContacts() {
		String one = ContactFixtures.email();
		String externalId = "crm-" + ContactFixtures.token();
		create(person(one));
		Map<String, Object> two = person(ContactFixtures.email());
		two.put("externalId", externalId);
		String twoId = create(two);

		ApiResponse response = this.admin.post("/api/v1/contacts/batch",
				Map.of("items", List.of(Map.of("externalId", externalId, "email", one, "firstName", "Clash"))));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json().path("results").get(0).path("outcome").asString()).isEqualTo("CONFLICT");
		assertThat(response.json().path("conflicts").asInt()).isEqualTo(1);
		assertThat(this.admin.get("/api/v1/contacts/" + twoId).json().path("firstName").asString())
			.isNotEqualTo("Clash");
	}

	@Test
	void refusesABatchOfMoreThanAThousand() {
		List<Object> items = new ArrayList<>();
		for (int i = 0; i < 1001; i++) {
			items.add(Map.of("email", "too-many-" + i + "-" + ContactFixtures.token() + "@batch.test"));
		}

		ApiResponse response = this.admin.post("/api/v1/contacts/batch", Map.of("items", items));

		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.json().path("errors").has("items")).isTrue();
		assertThat(this.admin.get("/api/v1/contacts?q=too-many-0-").json().path("items").size()).isZero();
	}

	@Test
	void mergesTwoContactsAndDeletesTheRemovedOne() {
		String keepEmail = ContactFixtures.email();
		Map<String, Object> keep = new HashMap<>(
				Map.of("email", keepEmail, "firstName", "Kept", "storeId", this.storeOne, "tags", List.of("a")));
		String keepId = create(keep);
		String phone = ContactFixtures.usPhone();
		String removeId = create(new HashMap<>(Map.of("phone", phone, "firstName", "Removed", "lastName", "Donor",
				"storeId", this.storeOne, "tags", List.of("b"))));

		ApiResponse merged = this.admin.post("/api/v1/contacts/" + keepId + "/merge", Map.of("removeId", removeId));
		ApiResponse same = this.admin.post("/api/v1/contacts/" + keepId + "/merge", Map.of("removeId", keepId));

		assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
		assertThat(merged.json().path("firstName").asString()).isEqualTo("Kept");
		assertThat(merged.json().path("lastName").asString()).isEqualTo("Donor");
		assertThat(merged.json().path("phone").asString()).isEqualTo(phone);
		assertThat(merged.json().path("tags").valueStream().map((tag) -> tag.asString()).toList()).containsExactly("a",
				"b");
		assertThat(this.admin.get("/api/v1/contacts/" + removeId).status()).isEqualTo(404);
		assertThat(same.status()).isEqualTo(400);
	}

	@Test
	void deletesAContact() {
		String id = create(person(ContactFixtures.email()));

		ApiResponse deleted = this.admin.delete("/api/v1/contacts/" + id);

		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
		assertThat(this.admin.get("/api/v1/contacts/" + id).status()).isEqualTo(404);
		assertThat(this.admin.delete("/api/v1/contacts/" + id).status()).isEqualTo(404);
	}

	@Test
	void complianceOfficerExportsAndErasesButDoesNotWrite() {
		String email = ContactFixtures.email();
		String id = create(person(email));

		ApiResponse export = this.compliance.get("/api/v1/contacts/" + id + "/export");
		ApiResponse write = this.compliance.post("/api/v1/contacts", person(ContactFixtures.email()));
		ApiResponse managerExport = this.manager.get("/api/v1/contacts/" + id + "/export");
		ApiResponse erased = this.compliance.post("/api/v1/contacts/" + id + "/erase", Map.of());

		assertThat(export.status()).as(export.toString()).isEqualTo(200);
		assertThat(export.json().path("contact").path("email").asString()).isEqualTo(email);
		assertThat(export.json().has("consent")).isTrue();
		assertThat(write.status()).isEqualTo(403);
		assertThat(managerExport.status()).isEqualTo(403);
		assertThat(erased.status()).as(erased.toString()).isEqualTo(204);
		assertThat(this.admin.get("/api/v1/contacts/" + id).status()).isEqualTo(404);
		assertThat(this.compliance.get("/api/v1/contacts/" + id + "/export").status()).isEqualTo(404);
		assertThat(this.admin.get("/api/v1/contacts?q=" + email).json().path("items").size()).isZero();
		ApiResponse again = this.admin.post("/api/v1/contacts", person(email));
		assertThat(again.status()).as("the erased contact's email is free again: " + again).isEqualTo(201);
	}

	@Test
	void tenantBNeverSeesOrTouchesTenantAsContacts() {
		String token = ContactFixtures.token();
		String email = ContactFixtures.email();
		Map<String, Object> body = person(email);
		body.put("firstName", token);
		String id = create(body);
		String path = "/api/v1/contacts/" + id;

		assertThat(this.otherAdmin.get(path).status()).isEqualTo(404);
		assertThat(this.otherAdmin.patch(path, Map.of("firstName", "Evil")).status()).isEqualTo(404);
		assertThat(this.otherAdmin.delete(path).status()).isEqualTo(404);
		assertThat(this.otherAdmin.get(path + "/export").status()).isEqualTo(404);
		assertThat(this.otherAdmin.post(path + "/erase", Map.of()).status()).isEqualTo(404);
		String own = this.otherAdmin.post("/api/v1/contacts", Map.of("email", ContactFixtures.email()))
			.json()
			.path("id")
			.asString();
		assertThat(this.otherAdmin.post(path + "/merge", Map.of("removeId", own)).status()).isEqualTo(404);
		assertThat(this.otherAdmin.post("/api/v1/contacts/" + own + "/merge", Map.of("removeId", id)).status())
			.isEqualTo(404);
		assertThat(this.otherAdmin.get("/api/v1/contacts?q=" + token).json().path("items").size()).isZero();
		assertThat(this.otherAdmin.get("/api/v1/contacts?limit=200").itemValues("id")).doesNotContain(id);
		ApiResponse intoAsStore = this.otherAdmin.post("/api/v1/contacts",
				Map.of("email", ContactFixtures.email(), "storeId", this.storeOne));
		assertThat(intoAsStore.status()).as(intoAsStore.toString()).isEqualTo(400);
		assertThat(intoAsStore.json().path("errors").has("storeId")).isTrue();
		ApiResponse sameEmail = this.otherAdmin.put("/api/v1/contacts", Map.of("email", email));
		assertThat(sameEmail.status()).as("a new contact of tenant B: " + sameEmail).isEqualTo(201);
		assertThat(sameEmail.json().path("contact").path("id").asString()).isNotEqualTo(id);

		ApiResponse read = this.admin.get(path);
		assertThat(read.json().path("firstName").asString()).isEqualTo(token);
		assertThat(read.json().path("email").asString()).isEqualTo(email);
	}

	@Test
	void storeManagerWorksOnlyWithTheirStoresContacts() {
		String token = ContactFixtures.token();
		Map<String, Object> mine = person(ContactFixtures.email());
		mine.put("firstName", token);
		Map<String, Object> theirs = person(ContactFixtures.email());
		theirs.put("firstName", token);
		theirs.put("storeId", this.storeTwo);
		String theirsId = create(theirs);
		Map<String, Object> noStore = person(ContactFixtures.email());
		noStore.remove("storeId");

		ApiResponse created = this.manager.post("/api/v1/contacts", mine);
		ApiResponse inOtherStore = this.manager.post("/api/v1/contacts", theirs);
		ApiResponse withoutStore = this.manager.post("/api/v1/contacts", noStore);
		ApiResponse list = this.manager.get("/api/v1/contacts?q=" + token);
		ApiResponse listOther = this.manager.get("/api/v1/contacts?storeId=" + this.storeTwo);
		ApiResponse batch = this.manager.post("/api/v1/contacts/batch",
				Map.of("items", List.of(Map.of("email", ContactFixtures.email(), "storeId", this.storeTwo))));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(inOtherStore.status()).isEqualTo(403);
		assertThat(withoutStore.status()).isEqualTo(403);
		assertThat(list.itemValues("id")).containsExactly(created.json().path("id").asString());
		assertThat(listOther.status()).isEqualTo(403);
		assertThat(this.manager.get("/api/v1/contacts/" + theirsId).status()).isEqualTo(403);
		assertThat(this.manager.patch("/api/v1/contacts/" + theirsId, Map.of("firstName", "Mine")).status())
			.isEqualTo(403);
		assertThat(this.manager.delete("/api/v1/contacts/" + theirsId).status()).isEqualTo(403);
		assertThat(batch.json().path("results").get(0).path("outcome").asString()).isEqualTo("REJECTED");
		assertThat(batch.json().path("results").get(0).path("errors").has("storeId")).isTrue();
		assertThat(this.admin.get("/api/v1/contacts/" + theirsId).json().path("firstName").asString()).isEqualTo(token);
	}

	private String create(Map<String, Object> body) {
		ApiResponse created = this.admin.post("/api/v1/contacts", body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	private Map<String, Object> person(String email) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("firstName", "Ann");
		body.put("lastName", "Example");
		body.put("email", email);
		body.put("phone", ContactFixtures.usPhone());
		body.put("storeId", this.storeOne);
		return body;
	}

}
