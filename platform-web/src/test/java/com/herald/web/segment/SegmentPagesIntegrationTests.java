package com.herald.web.segment;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.audience.Condition;
import com.herald.audience.Segment;
import com.herald.audience.SegmentService;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
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
class SegmentPagesIntegrationTests {

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
	SegmentService segments;

	TwoTenants two;

	Actor admin;

	@BeforeAll
	void createTenants() {
		this.two = this.tenancy.twoTenants();
		this.admin = this.two.a().admin(this.accounts);
	}

	@Test
	void livePanelCountsReachAndSamplesAsTheCriteriaChange() {
		String name = "Seg" + key();
		Contact ann = contact(name, "Ann", true);
		contact(name, "Bob", true);
		contact(name, "Cy", false);
		this.consent.record(this.admin, ann.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Email me", "203.0.113.9", "test");
		WebSession admin = signIn(this.two.a().adminEmail());

		Map<String, String> form = form("", "first_name", "equals", name);
		String byName = admin.post("/segments/preview", form).body();
		assertThat(stat(byName, "matched")).isEqualTo("3");
		assertThat(stat(byName, "reach-email")).isEqualTo("1");
		assertThat(stat(byName, "reach-sms")).isEqualTo("0");
		assertThat(byName).contains(name + " Ann").contains(name + " Bob").contains(name + " Cy");

		form.put("field1", "email");
		form.put("operator1", "exists");
		String withEmail = admin.post("/segments/preview", form).body();
		assertThat(stat(withEmail, "matched")).isEqualTo("2");
		assertThat(withEmail).contains(name + " Ann").doesNotContain(name + " Cy");

		// either condition: nobody has the first name, one has the email
		form.put("logic", "OR");
		form.put("value0", "Nobody" + name);
		form.put("operator1", "equals");
		form.put("value1", ann.getEmail());
		String either = admin.post("/segments/preview", form).body();
		assertThat(stat(either, "matched")).isEqualTo("1");
		assertThat(either).contains(name + " Ann").doesNotContain(name + " Bob");
	}

	@Test
	void showsEachBadNodeByItsPathBesideItsRow() {
		WebSession admin = signIn(this.two.a().adminEmail());
		Map<String, String> form = form("", "first_name", "equals", "Ann");
		// row 3 (index 2) is the root group's second child: rows without a field are
		// skipped
		form.put("field2", "created_at");
		form.put("operator2", "contains");
		form.put("value2", "x");
		String body = admin.post("/segments/preview", form).body();
		assertThat(body).contains("data-path=\"root.children[1].operator\"").contains("Condition 3:");
		assertThat(body).doesNotContain("data-stat=\"matched\"");

		Map<String, String> nested = new LinkedHashMap<>();
		nested.put("criteriaJson", """
				{"logic": "AND", "children": [
				  {"field": "email", "operator": "exists", "values": []},
				  {"logic": "NOT", "children": [{"field": "tags", "operator": "any", "values": []}]}]}""");
		String json = admin.post("/segments/preview", nested).body();
		assertThat(json).contains("data-path=\"root.children[1].children[0].values\"");

		nested.put("criteriaJson",
				"{\"logic\": \"NOT\", \"children\": [{\"field\": \"email\", \"operator\": \"exists\","
						+ " \"values\": []}]}");
		assertThat(admin.post("/segments/preview", nested).body()).contains("data-stat=\"matched\"");
	}

	@Test
	void adminSavesEditsAndDeletesASegmentAndBadInputLosesNothing() {
		String name = "Saved " + key() + " <b>bold</b>";
		WebSession admin = signIn(this.two.a().adminEmail());

		HttpResponse<String> refused = admin.post("/segments", form("", "first_name", "gt", "x"));
		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(refused.body()).contains("data-path=\"root.children[0].operator\"").contains("value=\"x\"");

		HttpResponse<String> created = admin.post("/segments", form(name, "first_name", "starts_with", "An"));
		assertThat(created.statusCode()).isEqualTo(302);
		String editUrl = location(created);
		UUID id = UUID.fromString(editUrl.split("/")[2]);
		assertThat(this.segments.get(this.admin, id).criteria().toString()).contains("starts_with");

		String list = admin.get("/segments").body();
		assertThat(list).contains("Saved ").contains("&lt;b&gt;bold&lt;/b&gt;").doesNotContain("<b>bold</b>");
		String edit = admin.get(editUrl).body();
		assertThat(edit).contains("value=\"An\"").contains("Save segment").contains("data-stat=\"matched\"");

		Map<String, String> changed = form(name, "email", "contains", "@example.test");
		assertThat(admin.post("/segments/" + id, changed).statusCode()).isEqualTo(302);
		assertThat(this.segments.get(this.admin, id).criteria())
			.isEqualTo(com.herald.audience.Group.and(Condition.of("email", "contains", "@example.test")));

		HttpResponse<String> blank = admin.post("/segments/" + id, form("", "email", "exists", ""));
		assertThat(blank.statusCode()).isEqualTo(200);
		assertThat(blank.body()).contains("id=\"name-error\"");

		assertThat(admin.post("/segments/" + id + "/delete", Map.of()).statusCode()).isEqualTo(302);
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.segments.get(this.admin, id));
		assertThat(admin.get(editUrl).statusCode()).isEqualTo(404);
	}

	@Test
	void storeManagersReadAndCountButDoNotChange() {
		Segment segment = this.segments.create(this.admin, "Managers see " + key(),
				Condition.of("first_name", "exists"));
		WebSession manager = signIn(this.two.a().managerEmail());
		String edit = manager.get("/segments/" + segment.id() + "/edit").body();
		assertThat(edit).contains("data-stat=\"matched\"")
			.doesNotContain("Save segment")
			.doesNotContain("Delete segment");
		assertThat(manager.get("/segments").body()).contains(segment.name()).doesNotContain("New segment");
		assertThat(manager.post("/segments/" + segment.id(), form("Mine", "email", "exists", "")).statusCode())
			.isEqualTo(403);
		assertThat(manager.post("/segments/" + segment.id() + "/delete", Map.of()).statusCode()).isEqualTo(403);
		assertThat(this.segments.get(this.admin, segment.id()).name()).isEqualTo(segment.name());
	}

	@Test
	void anotherTenantsSegmentIsNotFound() {
		Segment segment = this.segments.create(this.admin, "Tenant A only " + key(),
				Condition.of("first_name", "exists"));
		WebSession other = signIn(this.two.b().adminEmail());
		String url = "/segments/" + segment.id();
		assertThat(other.get(url + "/edit").statusCode()).isEqualTo(404);
		assertThat(other.post(url, form("Stolen", "email", "exists", "")).statusCode()).isEqualTo(404);
		assertThat(other.post(url + "/delete", Map.of()).statusCode()).isEqualTo(404);
		assertThat(other.get("/segments").body()).doesNotContain(segment.name());
		assertThat(this.segments.get(this.admin, segment.id()).name()).isEqualTo(segment.name());
	}

	private Contact contact(String first, String last, boolean email) {
		ContactDraft.Builder draft = ContactDraft.builder().firstName(first).lastName(last);
		if (email) {
			draft.email((first + "-" + last + "@example.test").toLowerCase());
		}
		else {
			draft.phone("+1201555" + String.format("%04d", (int) (Math.random() * 10000)));
		}
		return this.contacts.create(this.admin, draft.storeId(this.two.a().storeOne().getId()).build());
	}

	private WebSession signIn(String email) {
		WebSession session = WebSession.signedIn(this.port, email, TwoTenants.PASSWORD);
		// the token rotates at sign-in: forms post with the one a page after it gave
		session.get("/");
		return session;
	}

	private static Map<String, String> form(String name, String field, String operator, String value) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("name", name);
		form.put("logic", "AND");
		form.put("field0", field);
		form.put("operator0", operator);
		form.put("value0", value);
		return form;
	}

	private static String stat(String body, String name) {
		Matcher matcher = Pattern.compile("data-stat=\"" + name + "\"[^>]*>([^<]*)<").matcher(body);
		assertThat(matcher.find()).as("stat " + name).isTrue();
		return matcher.group(1);
	}

	private static String key() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	private static String location(HttpResponse<String> response) {
		return URI.create(response.headers().firstValue("Location").orElseThrow()).getRawPath();
	}

}
