package com.herald.web.contact;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.consent.PreferenceService;
import com.herald.contact.Contact;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactQuery;
import com.herald.contact.ContactService;
import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.Actor;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactPagesIntegrationTests {

	private static final Map<String, String> HX = Map.of("HX-Request", "true");

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	PreferenceService preferences;

	TwoTenants two;

	Actor admin;

	@BeforeAll
	void createTenants() {
		this.two = this.tenancy.twoTenants();
		this.admin = this.two.a().admin(this.accounts);
	}

	@Test
	void searchesFiltersByStoreAndPagesOlderAndNewest() {
		String key = key();
		for (int i = 0; i < 27; i++) {
			contact("Pager" + key, "Number" + i, storeOne());
		}
		Contact other = contact("Pager" + key, "Elsewhere", storeTwo());
		WebSession admin = signIn(this.two.a().adminEmail());

		String first = admin.get("/contacts?q=pager" + key).body();
		assertThat(rows(first)).isEqualTo(25);
		assertThat(first).contains("Elsewhere").contains("Older").doesNotContain(">Newest<");
		String older = href(first, "Older");
		String second = admin.get(older).body();
		assertThat(rows(second)).isEqualTo(3);
		assertThat(second).contains("Newest").doesNotContain("rel=\"next\"").contains("Number0");

		HttpResponse<String> filtered = admin.get("/contacts?q=pager" + key + "&store=" + storeTwo());
		assertThat(rows(filtered.body())).isEqualTo(1);
		assertThat(filtered.body()).contains("/contacts/" + other.getId());

		// htmx live search answers with the results alone
		HttpResponse<String> live = admin.get("/contacts?q=pager" + key + "%20elsew", HX);
		assertThat(live.body()).doesNotContain("<h1").contains("id=\"contact-results\"").contains("Elsewhere");
		assertThat(rows(live.body())).isEqualTo(1);
		assertThat(live.headers().allValues("Vary")).anyMatch((v) -> v.contains("HX-Request"));

		assertThat(admin.get("/contacts?q=nobody-" + key).body()).contains("No contacts match.");
	}

	@Test
	void refusesABadPhoneBesideTheFieldAndCreatesNothing() {
		String key = key();
		WebSession admin = signIn(this.two.a().adminEmail());
		admin.get("/contacts/new");
		Map<String, String> form = contactForm("Bad" + key, "bad-" + key + "@example.test", "12");
		HttpResponse<String> page = admin.post("/contacts", form);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"phone-error\"")
			.containsPattern("id=\"phone\"[^>]*aria-invalid=\"true\"")
			.containsPattern("id=\"phone\"[^>]*aria-describedby=\"[^\"]*phone-error\"")
			.containsPattern("id=\"firstName\"[^>]*value=\"Bad" + key + "\"")
			.contains("lead_source=web");
		assertThat(found("bad-" + key)).isZero();

		form.put("phone", "(201) 555-0123");
		HttpResponse<String> created = admin.post("/contacts", form);
		assertThat(created.statusCode()).isEqualTo(302);
		String detail = admin.get(location(created)).body();
		assertThat(detail).contains("Phone saved as +12015550123").contains("lead_source").contains("web");
		assertThat(found("bad-" + key)).isEqualTo(1);
	}

	@Test
	void editsAContactAndRemovesAnAttribute() {
		String key = key();
		Contact contact = this.contacts.create(this.admin,
				ContactDraft.builder()
					.firstName("Edit" + key)
					.email("edit-" + key + "@example.test")
					.storeId(storeOne())
					.attribute("visit_count", 3)
					.attribute("market", "north")
					.build());
		WebSession admin = signIn(this.two.a().adminEmail());
		String edit = admin.get("/contacts/" + contact.getId() + "/edit").body();
		assertThat(edit).containsPattern("id=\"firstName\"[^>]*value=\"Edit" + key + "\"").contains("market=north");

		Map<String, String> form = contactForm("Edited" + key, "edit-" + key + "@example.test", "+34 612 345 678");
		form.put("attributes", "visit_count=3\nlead_status=hot");
		form.put("timezone", "Europe/Madrid");
		HttpResponse<String> saved = admin.post("/contacts/" + contact.getId(), form);
		assertThat(saved.statusCode()).isEqualTo(302);
		assertThat(admin.get(location(saved)).body()).contains("Edited" + key).contains("+34612345678");
		Contact after = this.contacts.get(this.admin, contact.getId());
		assertThat(after.getFirstName()).isEqualTo("Edited" + key);
		assertThat(after.getTimezone().getId()).isEqualTo("Europe/Madrid");
		assertThat(after.getAttributes()).containsEntry("lead_status", "hot").doesNotContainKey("market");
		assertThat(after.getAttributes().get("visit_count")).isInstanceOf(Number.class);

		form.put("email", "not-an-email");
		HttpResponse<String> refused = admin.post("/contacts/" + contact.getId(), form);
		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(refused.body()).contains("id=\"email-error\"")
			.containsPattern("id=\"email\"[^>]*value=\"not-an-email\"");
	}

	@Test
	void detailShowsConsentHistoryPreferencesAndTheMessagesEmptyState() {
		String key = key();
		Contact contact = contact("Consent" + key, "Person", storeOne());
		this.consent.record(this.admin, contact.getId(), Channel.SMS, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Yes, text me offers " + key, "203.0.113.9", "test");
		this.consent.record(this.admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_OUT, ConsentSource.ADMIN,
				null, null, null);
		WebSession compliance = signIn(this.two.a().complianceEmail());
		String body = compliance.get("/contacts/" + contact.getId()).body();
		assertThat(body).contains("Consent history")
			.contains("Yes, text me offers " + key)
			.contains("opted in")
			.contains("opted out")
			.contains("Broadcasts arrive with the engine")
			.contains("GDPR export")
			.doesNotContain("Delete contact");

		WebSession manager = signIn(this.two.a().managerEmail());
		manager.get("/contacts/" + contact.getId());
		Map<String, String> prefs = new LinkedHashMap<>();
		prefs.put("pref-sms-promotional", "out");
		prefs.put("quietStart", "22:00");
		prefs.put("quietEnd", "07:30");
		prefs.put("capMessages", "3");
		prefs.put("capDays", "7");
		HttpResponse<String> saved = manager.post("/contacts/" + contact.getId() + "/preferences", prefs);
		assertThat(saved.statusCode()).isEqualTo(302);
		var stored = this.preferences.get(this.admin, contact.getId());
		assertThat(stored.choice(Channel.SMS, "promotional")).contains(false);
		assertThat(stored.quietHours().start().toString()).isEqualTo("22:00");
		assertThat(stored.frequencyCap().messages()).isEqualTo(3);

		prefs.put("capDays", "0");
		HttpResponse<String> refused = manager.post("/contacts/" + contact.getId() + "/preferences", prefs);
		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(refused.body()).contains("id=\"capMessages-error\"");
		assertThat(this.preferences.get(this.admin, contact.getId()).frequencyCap().days()).isEqualTo(7);
	}

	@Test
	void addsATagToTheSelectedContacts() {
		String key = key();
		Contact one = contact("Tag" + key, "One", storeOne());
		Contact two = contact("Tag" + key, "Two", storeOne());
		Contact untouched = contact("Tag" + key, "Three", storeOne());
		WebSession manager = signIn(this.two.a().managerEmail());
		manager.get("/contacts?q=tag" + key);
		HttpResponse<String> done = manager.post("/contacts/tags",
				Map.of("ids", one.getId() + "," + two.getId(), "tag", "vip-" + key));
		assertThat(done.statusCode()).isEqualTo(302);
		assertThat(manager.get(location(done)).body()).contains("added to 2 contacts");
		assertThat(this.contacts.get(this.admin, one.getId()).getTags()).contains("vip-" + key);
		assertThat(this.contacts.get(this.admin, two.getId()).getTags()).contains("vip-" + key);
		assertThat(this.contacts.get(this.admin, untouched.getId()).getTags()).doesNotContain("vip-" + key);

		// one contact of another store in the selection: refused, nothing tagged
		Contact elsewhere = contact("Tag" + key, "Elsewhere", storeTwo());
		HttpResponse<String> refused = manager.post("/contacts/tags",
				Map.of("ids", untouched.getId() + "," + elsewhere.getId(), "tag", "evil-" + key));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(this.contacts.get(this.admin, untouched.getId()).getTags()).doesNotContain("evil-" + key);
	}

	@Test
	void deletesOnlyAfterConfirmation() {
		Contact contact = contact("Delete" + key(), "Me", storeOne());
		WebSession admin = signIn(this.two.a().adminEmail());
		admin.get("/contacts/" + contact.getId());
		HttpResponse<String> unconfirmed = admin.post("/contacts/" + contact.getId() + "/delete", Map.of());
		assertThat(unconfirmed.statusCode()).isEqualTo(200);
		assertThat(unconfirmed.body()).contains("id=\"confirmDelete-error\"");
		assertThat(this.contacts.find(this.two.a().id(), contact.getId())).isPresent();

		HttpResponse<String> deleted = admin.post("/contacts/" + contact.getId() + "/delete", Map.of("confirm", "yes"));
		assertThat(deleted.statusCode()).isEqualTo(302);
		assertThat(admin.get(location(deleted)).body()).contains("is deleted");
		assertThat(this.contacts.find(this.two.a().id(), contact.getId())).isEmpty();
		assertThat(admin.get("/contacts/" + contact.getId()).statusCode()).isEqualTo(404);
	}

	@Test
	void downloadsTheGdprExportAsJson() {
		String key = key();
		Contact contact = this.contacts.create(this.admin,
				ContactDraft.builder()
					.firstName("Export" + key)
					.email("export-" + key + "@example.test")
					.storeId(storeOne())
					.build());
		WebSession compliance = signIn(this.two.a().complianceEmail());
		HttpResponse<String> export = compliance.get("/contacts/" + contact.getId() + "/export");
		assertThat(export.statusCode()).isEqualTo(200);
		assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
		assertThat(export.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment")
			.contains("contact-" + contact.getId() + ".json");
		assertThat(export.body()).contains("\"export-" + key + "@example.test\"").contains("\"exportedAt\"");

		WebSession manager = signIn(this.two.a().managerEmail());
		assertThat(manager.get("/contacts/" + contact.getId() + "/export").statusCode()).isEqualTo(403);
	}

	@Test
	void erasesPersonalDataAfterConfirmation() {
		String key = key();
		Contact contact = this.contacts.create(this.admin,
				ContactDraft.builder()
					.firstName("Erase" + key)
					.email("erase-" + key + "@example.test")
					.storeId(storeOne())
					.build());
		WebSession manager = signIn(this.two.a().managerEmail());
		manager.get("/contacts/" + contact.getId());
		assertThat(manager.post("/contacts/" + contact.getId() + "/erase", Map.of("confirm", "yes")).statusCode())
			.isEqualTo(403);

		WebSession compliance = signIn(this.two.a().complianceEmail());
		compliance.get("/contacts/" + contact.getId());
		HttpResponse<String> erased = compliance.post("/contacts/" + contact.getId() + "/erase",
				Map.of("confirm", "yes"));
		assertThat(erased.statusCode()).isEqualTo(302);
		assertThat(compliance.get(location(erased)).body()).contains("personal data is erased");
		assertThat(compliance.get("/contacts/" + contact.getId()).statusCode()).isEqualTo(404);
		assertThat(found("erase-" + key)).isZero();
	}

	@Test
	void anotherTenantsAdminFindsNothing() {
		Contact contact = contact("Foreign" + key(), "Contact", storeOne());
		WebSession other = signIn(this.two.b().adminEmail());
		String id = contact.getId().toString();
		for (String path : new String[] { "/contacts/" + id, "/contacts/" + id + "/edit",
				"/contacts/" + id + "/export" }) {
			HttpResponse<String> page = other.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(404);
			assertThat(page.body()).as(path).doesNotContain(contact.getFirstName());
		}
		other.get("/contacts");
		assertThat(other.post("/contacts/" + id, contactForm("Taken", "taken@example.test", "")).statusCode())
			.isEqualTo(404);
		assertThat(other.post("/contacts/" + id + "/delete", Map.of("confirm", "yes")).statusCode()).isEqualTo(404);
		assertThat(other.post("/contacts/" + id + "/erase", Map.of("confirm", "yes")).statusCode()).isEqualTo(404);
		assertThat(other.post("/contacts/tags", Map.of("ids", id, "tag", "evil")).statusCode()).isEqualTo(404);
		assertThat(other.get("/contacts?q=" + contact.getFirstName()).body()).doesNotContain(id);
		assertThat(this.contacts.get(this.admin, contact.getId()).getFirstName()).isEqualTo(contact.getFirstName());
	}

	@Test
	void storeManagersReachOnlyTheirStoresContacts() {
		String key = key();
		Contact mine = contact("Scope" + key, "Mine", storeOne());
		Contact theirs = contact("Scope" + key, "Theirs", storeTwo());
		WebSession manager = signIn(this.two.a().managerEmail());
		assertThat(manager.get("/contacts/" + mine.getId()).statusCode()).isEqualTo(200);
		assertThat(manager.get("/contacts/" + theirs.getId()).statusCode()).isEqualTo(403);
		assertThat(manager.get("/contacts/" + theirs.getId() + "/edit").statusCode()).isEqualTo(403);
		assertThat(manager.get("/contacts?store=" + storeTwo()).statusCode()).isEqualTo(403);
		String list = manager.get("/contacts?q=scope" + key).body();
		assertThat(list).contains("/contacts/" + mine.getId()).doesNotContain("/contacts/" + theirs.getId());
		assertThat(signIn(this.two.a().adminEmail()).get("/contacts?q=scope" + key).body())
			.contains("/contacts/" + theirs.getId());
		manager.get("/contacts/" + mine.getId());
		assertThat(manager.post("/contacts/" + theirs.getId() + "/delete", Map.of("confirm", "yes")).statusCode())
			.isEqualTo(403);
		assertThat(this.contacts.find(this.two.a().id(), theirs.getId())).isPresent();
	}

	private Contact contact(String first, String last, StoreId store) {
		return this.contacts.create(this.admin,
				ContactDraft.builder()
					.firstName(first)
					.lastName(last)
					.email((first + "-" + last + "@example.test").toLowerCase())
					.storeId(store)
					.build());
	}

	private long found(String search) {
		return this.contacts.list(this.admin, ContactQuery.firstPage().withSearch(search)).items().size();
	}

	private StoreId storeOne() {
		return this.two.a().storeOne().getId();
	}

	private StoreId storeTwo() {
		return this.two.a().storeTwo().getId();
	}

	private WebSession signIn(String email) {
		return WebSession.signedIn(this.port, email, TwoTenants.PASSWORD);
	}

	private Map<String, String> contactForm(String first, String email, String phone) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("firstName", first);
		fields.put("lastName", "Tester");
		fields.put("email", email);
		fields.put("phone", phone);
		fields.put("locale", "en-US");
		fields.put("timezone", "");
		fields.put("storeId", storeOne().toString());
		fields.put("tags", "new, web");
		fields.put("attributes", "lead_source=web");
		return fields;
	}

	private static String key() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	private static int rows(String body) {
		return body.split("name=\"ids\"", -1).length - 1;
	}

	private static String href(String body, String text) {
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("href=\"([^\"]+)\"[^>]*>" + text + "<")
			.matcher(body);
		assertThat(matcher.find()).as("a link " + text).isTrue();
		return matcher.group(1).replace("&amp;", "&");
	}

	/** Where a redirect goes, as a path on this server. */
	private static String location(HttpResponse<String> response) {
		URI uri = URI.create(response.headers().firstValue("Location").orElseThrow());
		return uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
	}

}
