package com.herald.web.list;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.SelectOption;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.contact.ContactDraft;
import com.herald.contact.ContactService;
import com.herald.support.HeraldBrowserTest;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A tenant admin ticks contacts on the contacts page, adds them to a new list, opens it,
 * removes one, adds one back from a CSV, renames the list, and picks it by name in the
 * broadcast wizard's audience step, where the live count shows its members.
 */
@HeraldWebTest
class ListBrowserTests extends HeraldBrowserTest {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ContactService contacts;

	@Test
	void buildsAListFromTheContactsPageAndUsesItAsABroadcastAudience() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		String key = UUID.randomUUID().toString().substring(0, 8);
		for (String first : new String[] { "Ann", "Bob", "Cat" }) {
			this.contacts.create(admin,
					ContactDraft.builder()
						.firstName(first + key)
						.lastName("Lee")
						.email(first.toLowerCase() + key + "@example.test")
						.storeId(tenant.storeOne().getId())
						.build());
		}
		signIn(tenant.adminEmail(), TwoTenants.PASSWORD);

		// tick three contacts and put them on a new list
		this.page.navigate(url("/contacts"));
		for (String first : new String[] { "Ann", "Bob", "Cat" }) {
			this.page.getByLabel("Select " + first + key + " Lee").check();
		}
		this.page.getByLabel("Or a new list named").fill("Fair " + key);
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add to list")).click();
		assertThat(this.page.getByRole(AriaRole.STATUS).first())
			.containsText("3 contacts added to Fair " + key + "; it has 3.");

		// open it, remove one
		navLink(this.page, "Lists").click();
		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Fair " + key)).click();
		assertThat(heading(this.page)).hasText("Fair " + key);
		assertThat(this.page.locator("[data-stat=members]")).hasText("3");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Remove Bob" + key + " Lee")).click();
		assertThat(this.page.getByRole(AriaRole.STATUS).first()).containsText("1 contact removed from Fair " + key);
		assertThat(this.page.locator("[data-stat=members]")).hasText("2");
		assertThat(this.page.getByText("Bob" + key)).hasCount(0);

		// a CSV names one member already there and one stranger
		this.page.getByLabel("CSV of members", new Page.GetByLabelOptions().setExact(true))
			.setInputFiles(new FilePayload("more.csv", "text/csv",
					("email\nann" + key + "@example.test\nnobody" + key + "@example.test\n")
						.getBytes(StandardCharsets.UTF_8)));
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload")).click();
		assertThat(this.page.locator("[data-stat=already]")).hasText("1");
		assertThat(this.page.locator("[data-stat=unmatched]")).hasText("1");
		assertThat(this.page.getByText("No contact has this email")).isVisible();

		// rename it
		this.page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Winter fair " + key);
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rename")).click();
		assertThat(heading(this.page)).hasText("Winter fair " + key);

		// pick it by name in the wizard: the live count is its members
		navLink(this.page, "Broadcasts").click();
		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New broadcast")).click();
		this.page.getByLabel("Name").fill("List offer " + key);
		this.page.getByLabel("Channel").selectOption("sms");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save and continue")).click();
		this.page.waitForURL("**/edit/audience");
		this.page.getByLabel("A static list").check();
		this.page.getByLabel("Find a list by name").fill("winter fair " + key);
		assertThat(this.page.locator("#listId option")).hasCount(2);
		this.page.getByLabel("Static list", new Page.GetByLabelOptions().setExact(true))
			.selectOption(new SelectOption().setLabel("Winter fair " + key + " (2)"));
		assertThat(this.page.locator("#audience-count [data-stat=matched]")).hasText("2");
	}

	@Test
	void enterInEachPartOfTheContactsPageRunsThatPartsOwnAction() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		String key = UUID.randomUUID().toString().substring(0, 8);
		for (String first : new String[] { "Dan", "Eve" }) {
			this.contacts.create(admin,
					ContactDraft.builder()
						.firstName(first + key)
						.lastName("Ray")
						.email(first.toLowerCase() + key + "@example.test")
						.build());
		}
		signIn(tenant.adminEmail(), TwoTenants.PASSWORD);
		this.page.navigate(url("/contacts"));
		this.page.getByLabel("Select Dan" + key + " Ray").check();
		this.page.getByLabel("Select Eve" + key + " Ray").check();

		// Enter in the new list's name creates the list (it used to press the form's
		// first button, "Add tag")
		this.page.getByLabel("Or a new list named").fill("Spring " + key);
		this.page.getByLabel("Or a new list named").press("Enter");
		assertThat(this.page.getByRole(AriaRole.STATUS).first())
			.containsText("2 contacts added to Spring " + key + "; it has 2.");
		assertThat(this.page.getByText("Enter one tag")).hasCount(0);

		// and Enter in the tag's field still adds the tag
		this.page.getByLabel("Select Dan" + key + " Ray").check();
		this.page.getByLabel("Tag to add to the selected contacts").fill("spring" + key);
		this.page.getByLabel("Tag to add to the selected contacts").press("Enter");
		assertThat(this.page.getByRole(AriaRole.STATUS).first())
			.containsText("Tag spring" + key + " added to 1 contact.");
		assertThat(this.page.getByRole(AriaRole.ROW, new Page.GetByRoleOptions().setName("Dan" + key)))
			.containsText("spring" + key);
	}

}
