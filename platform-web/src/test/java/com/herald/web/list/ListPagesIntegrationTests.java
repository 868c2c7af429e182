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

		assertThat(admin.post("/lists/" + id + "/delete", Map.of()).statusCode()).isEqualTo(302);
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

	private Contact contact(String first) {
		return this.contacts.create(this.admin,
				ContactDraft.builder()
					.firstName(first)
					.lastName("Lee")
					.email(first.toLowerCase() + "@example.test")
					.storeId(this.two.a().storeOne().getId())
					.build());
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
