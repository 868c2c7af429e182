package com.herald.web.contact;

import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.support.HeraldBrowserTest;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A tenant admin creates a contact through the form, sees the phone number saved in E.164
 * form, and finds the contact again with the live search, which keeps the search in the
 * address bar.
 */
@HeraldWebTest
class ContactSearchBrowserTests extends HeraldBrowserTest {

	@Autowired
	TenancyFixtures tenancy;

	@Test
	void createsAContactAndFindsItWithTheLiveSearch() {
		TwoTenants two = this.tenancy.twoTenants();
		String key = UUID.randomUUID().toString().substring(0, 8);
		String first = "Browser" + key;

		signIn(two.a().adminEmail(), TwoTenants.PASSWORD);
		navLink(this.page, "Contacts").click();
		assertThat(heading(this.page)).hasText("Contacts");
		assertThat(this.page.getByText("There are no contacts yet.")).isVisible();

		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New contact")).click();
		this.page.getByLabel("First name").fill(first);
		this.page.getByLabel("Last name").fill("Tester");
		this.page.getByLabel("Email").fill("browser-" + key + "@example.test");
		this.page.getByLabel("Phone").fill("(201) 555-0142");
		this.page.getByLabel("Store").selectOption(two.a().storeOne().getId().toString());
		this.page.getByLabel("Time zone").selectOption("America/New_York");
		this.page.getByLabel("Tags (optional)").fill("vip, browser");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create contact")).click();
		assertThat(heading(this.page)).hasText(first + " Tester");
		assertThat(this.page.getByRole(AriaRole.STATUS).first()).containsText("Phone saved as +12015550142");

		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("All contacts")).click();
		// htmx wires the live search when the page has loaded; typing earlier would go
		// unheard
		this.page.waitForURL("**/contacts");
		this.page.getByLabel("Search", new Page.GetByLabelOptions().setExact(true))
			.fill("browser" + key.substring(0, 4));
		assertThat(this.page).hasURL(Pattern.compile(".*[?&]q=browser" + key.substring(0, 4) + ".*"));
		assertThat(this.page.locator("#contact-results tbody tr")).hasCount(1);
		assertThat(this.page.locator("h1")).hasCount(1);
		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(first + " Tester")).click();
		assertThat(heading(this.page)).hasText(first + " Tester");

		this.page.goBack();
		this.page.getByLabel("Search", new Page.GetByLabelOptions().setExact(true)).fill("nobody" + key);
		assertThat(this.page.locator("#contact-results")).containsText("No contacts match.");
	}

}
