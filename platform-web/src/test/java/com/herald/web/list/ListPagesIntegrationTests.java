package com.herald.web.list;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.audience.ContactList;
import com.herald.audience.ListService;
import com.herald.contact.Contact;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactService;
import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.Actor;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListPagesIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ContactService contacts;

	@Autowired
	ListService lists;

	TwoTenants two;

	Actor admin;

	@BeforeAll
	void createTenants() {
		this.two = this.tenancy.twoTenants();
		this.admin = this.two.a().admin(this.accounts);
	}

	@Test
	void adminCreatesAListSeesItListedWithItsMembersAndDeletesIt() {
		String name = "Regulars " + key() + " <b>bold</b>";
		WebSession admin = signIn(this.two.a().adminEmail());

		HttpResponse<String> blank = admin.post("/lists", Map.of("name", "  "));
		assertThat(blank.statusCode()).isEqualTo(200);
		assertThat(blank.body()).contains("class=\"error-summary\"");

		HttpResponse<String> created = admin.post("/lists", Map.of("name", name));
		assertThat(created.statusCode()).isEqualTo(302);
		String location = created.headers().firstValue("Location").orElseThrow();
		UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
		Contact ann = contact("Ann" + key());
		this.lists.addMembers(this.admin, id, List.of(ann.getId()));

		String escaped = name.replace("<", "&lt;").replace(">", "&gt;");
		String listPage = admin.get("/lists").body();
		assertThat(listPage).contains(escaped).contains("/lists/" + id).doesNotContain("<b>bold</b>");
		String detail = admin.get("/lists/" + id).body();
		assertThat(detail).contains(escaped).contains(ann.getFirstName()).contains("Delete list");

		HttpResponse<String> unconfirmed = admin.post("/lists/" + id + "/delete", Map.of());
		assertThat(unconfirmed.statusCode()).isEqualTo(200);
		assertThat(unconfirmed.body()).contains("Tick the box to confirm the deletion");
		assertThat(this.lists.get(this.admin, id).members()).isEqualTo(1);
		assertThat(admin.post("/lists/" + id + "/delete", Map.of("confirm", "yes")).statusCode()).isEqualTo(302);
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.lists.get(this.admin, id));
		assertThat(admin.get("/lists/" + id).statusCode()).isEqualTo(404);
	}

	@Test
	void anotherTenantGetsNotFoundAndAComplianceOfficerOnlyReads() {
		ContactList list = this.lists.create(this.admin, "Private " + key());
		String url = "/lists/" + list.id();

		WebSession other = signIn(this.two.b().adminEmail());
		assertThat(other.get(url).statusCode()).isEqualTo(404);
		assertThat(other.post(url + "/delete", Map.of()).statusCode()).isEqualTo(404);
		assertThat(other.get("/lists").body()).doesNotContain(list.name());

		WebSession compliance = signIn(this.two.a().complianceEmail());
		assertThat(compliance.get("/lists").body()).contains(list.name()).doesNotContain("Create list");
		assertThat(compliance.post("/lists", Map.of("name", "Mine " + key())).statusCode()).isEqualTo(403);
		assertThat(compliance.post(url + "/delete", Map.of()).statusCode()).isEqualTo(403);
		assertThat(this.lists.get(this.admin, list.id()).name()).isEqualTo(list.name());
	}

	@Test
	void contactsAreAddedFromTheContactsPageRemovedSearchedAndTheListRenamed() {
		String key = key();
		Contact ann = contact("Ann" + key);
		Contact bob = contact("Bob" + key);
		Contact cat = contact("Cat" + key);
		WebSession admin = signIn(this.two.a().adminEmail());
		assertThat(admin.get("/contacts?q=ann" + key).body()).contains("Add to list").contains("Or a new list named");

		// the ticked contacts onto a new list
		HttpResponse<String> ticked = admin.post("/lists/add-contacts",
				Map.of("ids", ann.getId().toString(), "newList", "Ticked " + key, "q", "ann" + key));
		assertThat(ticked.statusCode()).isEqualTo(302);
		assertThat(ticked.headers().firstValue("Location").orElseThrow()).endsWith("/contacts?q=ann" + key);
		assertThat(admin.get("/contacts?q=ann" + key).body()).contains("1 contact added to Ticked " + key);
		UUID id = this.lists.list(this.admin, "Ticked " + key, 0, 10).getContent().get(0).id();

		// every contact a search matches, whatever the page, onto that list
		HttpResponse<String> all = admin.post("/lists/add-contacts",
				Map.of("scope", "all", "q", "bob" + key, "listId", id.toString()));
		assertThat(follow(admin, all)).contains("1 contact added to Ticked " + key + "; it has 2.");
		assertThat(follow(admin,
				admin.post("/lists/add-contacts", Map.of("ids", cat.getId().toString(), "listId", id.toString()))))
			.contains("1 contact added to Ticked " + key + "; it has 3.");
		assertThat(this.lists.get(this.admin, id).members()).isEqualTo(3);

		// nothing chosen, or no list: a clear message, nothing changed
		assertThat(follow(admin, admin.post("/lists/add-contacts", Map.of("listId", id.toString()))))
			.contains("Tick the contacts to add, or choose all that match.");
		assertThat(follow(admin, admin.post("/lists/add-contacts", Map.of("ids", ann.getId().toString()))))
			.contains("Choose a list, or name a new one");

		// members: search, remove one with its own button, remove the ticked ones
		String page = admin.get("/lists/" + id + "?q=bob" + key).body();
		assertThat(page).contains("Bob" + key).doesNotContain("Ann" + key).contains("data-stat=\"members\">3<");
		admin.post("/lists/" + id + "/members/remove",
				Map.of("one", bob.getId().toString(), "ids", ann.getId().toString()));
		assertThat(this.lists.members(this.admin, id, null, 0, 10).getContent()).extracting((m) -> m.contact().id())
			.containsExactlyInAnyOrder(ann.getId(), cat.getId());
		assertThat(follow(admin, admin.post("/lists/" + id + "/members/remove", Map.of("ids", cat.getId().toString()))))
			.contains("1 contact removed from Ticked " + key);

		// rename, refused blank, then done
		HttpResponse<String> blank = admin.post("/lists/" + id + "/rename", Map.of("name", " "));
		assertThat(blank.statusCode()).isEqualTo(200);
		assertThat(blank.body()).contains("Give the list a name");
		assertThat(admin.post("/lists/" + id + "/rename", Map.of("name", "Renamed " + key)).statusCode())
			.isEqualTo(302);
		assertThat(this.lists.get(this.admin, id).name()).isEqualTo("Renamed " + key);

		// the picker finds it by a part of its name, with its member count
		String picker = admin.get("/lists/picker?listQ=renamed+" + key).body();
		assertThat(picker).contains("Renamed " + key + " (1)");
		assertThat(admin.get("/lists?q=RENAMED+" + key).body()).contains("/lists/" + id);
	}

	@Test
	void storeManagersAddOnlyTheirStoresContactsAndOtherTenantsReachNothing() {
		String key = key();
		Contact mine = contact("Dan" + key);
		Contact other = this.contacts.create(this.admin,
				ContactDraft.builder()
					.firstName("Dan" + key)
					.lastName("Far")
					.email("far" + key + "@example.test")
					.storeId(this.two.a().storeTwo().getId())
					.build());
		ContactList list = this.lists.create(this.admin, "Stores " + key);
		WebSession manager = signIn(this.two.a().managerEmail());
		assertThat(manager
			.post("/lists/add-contacts", Map.of("scope", "all", "q", "dan" + key, "listId", list.id().toString()))
			.statusCode()).isEqualTo(302);
		assertThat(this.lists.members(this.admin, list.id(), null, 0, 10).getContent())
			.extracting((m) -> m.contact().id())
			.containsExactly(mine.getId());
		manager.post("/lists/add-contacts", Map.of("scope", "all", "newList", "Mine " + key));
		assertThat(this.lists.list(this.admin, "Mine " + key, 0, 10).getContent()).isEmpty();
		assertThat(manager
			.post("/lists/add-contacts", Map.of("ids", other.getId().toString(), "listId", list.id().toString()))
			.statusCode()).isEqualTo(403);
		assertThat(manager.post("/lists/" + list.id() + "/rename", Map.of("name", "Mine")).statusCode()).isEqualTo(403);

		WebSession stranger = signIn(this.two.b().adminEmail());
		assertThat(stranger
			.post("/lists/add-contacts", Map.of("ids", mine.getId().toString(), "listId", list.id().toString()))
			.statusCode()).isEqualTo(404);
		assertThat(stranger.post("/lists/" + list.id() + "/rename", Map.of("name", "Theirs")).statusCode())
			.isEqualTo(404);
		assertThat(stranger.post("/lists/" + list.id() + "/members/remove", Map.of("ids", mine.getId().toString()))
			.statusCode()).isEqualTo(404);
		ContactList theirs = this.lists.create(this.two.b().admin(this.accounts), "Theirs " + key);
		assertThat(stranger
			.post("/lists/add-contacts", Map.of("ids", mine.getId().toString(), "listId", theirs.id().toString()))
			.statusCode()).isEqualTo(404);
		stranger.post("/lists/add-contacts",
				Map.of("scope", "all", "q", "dan" + key, "listId", theirs.id().toString()));
		assertThat(this.lists.get(this.two.b().admin(this.accounts), theirs.id()).members()).isZero();
		assertThat(stranger.get("/lists/picker?listQ=" + key).body()).doesNotContain("Stores " + key)
			.contains("Theirs " + key);
		assertThat(this.lists.get(this.admin, list.id()).name()).isEqualTo("Stores " + key);
		assertThat(this.lists.get(this.admin, list.id()).members()).isEqualTo(1);
	}

	@Test
	void theBuilderCountsAListPickedByNameAndSavesItAsACondition() {
		String key = key();
		ContactList list = this.lists.create(this.admin, "Picked " + key);
		this.lists.addMembers(this.admin, list.id(),
				List.of(contact("Eve" + key).getId(), contact("Fay" + key).getId()));
		WebSession admin = signIn(this.two.a().adminEmail());
		assertThat(admin.get("/segments/new").body()).contains("Find a list by name");

		HttpResponse<String> preview = admin.post("/segments/preview",
				Map.of("logic", "AND", "listQ", "picked", "listId", list.id().toString()));
		assertThat(preview.body()).contains("data-stat=\"matched\">2<");
		HttpResponse<String> narrowed = admin.post("/segments/preview", Map.of("logic", "AND", "field0", "first_name",
				"operator0", "equals", "value0", "Eve" + key, "listId", list.id().toString()));
		assertThat(narrowed.body()).contains("data-stat=\"matched\">1<");

		HttpResponse<String> saved = admin.post("/segments",
				Map.of("name", "On picked " + key, "logic", "AND", "listId", list.id().toString()));
		assertThat(saved.statusCode()).isEqualTo(302);
		String edit = follow(admin, saved);
		assertThat(edit).contains("value=\"" + list.id() + "\"").contains("data-stat=\"matched\">2<");

		WebSession stranger = signIn(this.two.b().adminEmail());
		HttpResponse<String> foreign = stranger.post("/segments/preview",
				Map.of("logic", "AND", "listId", list.id().toString()));
		assertThat(foreign.body()).contains("There is no such list").doesNotContain("data-stat=\"matched\">2<");
	}

	private Contact contact(String first) {
		return this.contacts.create(this.admin,
				ContactDraft.builder()
					.firstName(first)
					.lastName("Lee")
					.email(first.toLowerCase() + "@example.test")
					.storeId(this.two.a().storeOne().getId())
					.build());
	}

	/** The page a redirect leads to, where its flash message shows. */
	private static String follow(WebSession session, HttpResponse<String> redirect) {
		assertThat(redirect.statusCode()).isEqualTo(302);
		String location = redirect.headers().firstValue("Location").orElseThrow();
		return session.get(location.replaceFirst("^https?://[^/]+", "")).body();
	}

	private WebSession signIn(String email) {
		WebSession session = WebSession.signedIn(this.port, email, TwoTenants.PASSWORD);
		// the token rotates at sign-in: forms post with the one a page after it gave
		session.get("/");
		return session;
	}

	private static String key() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
