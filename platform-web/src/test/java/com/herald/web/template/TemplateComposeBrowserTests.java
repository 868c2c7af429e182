package com.herald.web.template;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.support.HeraldBrowserTest;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A tenant admin writes a template: the compose box's encoding, segments and cost follow
 * the text as it is typed (an emoji turns it into UCS-2), a typo in a variable comes back
 * as a precise error with the text kept, and the saved template previews with a real
 * contact.
 */
@HeraldWebTest
class TemplateComposeBrowserTests extends HeraldBrowserTest {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	ContactService contacts;

	@Autowired
	UserAccountService accounts;

	@Test
	void composeFiguresFollowTheTextAndUnknownVariablesAreShownBeforeSaving() {
		TwoTenants two = this.tenancy.twoTenants();
		String key = ContactFixtures.token();
		this.contacts.create(two.a().admin(this.accounts),
				ContactFixtures.person().firstName("Rosa").lastName(key).storeId(two.a().storeOne().getId()).build());
		signIn(two.a().adminEmail(), TwoTenants.PASSWORD);
		navLink(this.page, "Templates").click();
		assertThat(heading(this.page)).hasText("Templates");
		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New template")).click();
		// htmx wires the compose box when the page has loaded
		this.page.waitForURL("**/templates/new");
		this.page.waitForLoadState();

		Locator message = this.page.getByLabel("Message", new Page.GetByLabelOptions().setExact(true));
		Locator encoding = this.page.locator("[data-stat=encoding]");
		Locator segments = this.page.locator("[data-stat=segments]");
		Locator cost = this.page.locator("[data-stat=cost]");
		message.pressSequentially("Hi {{ contact.first_name }}, 20% off");
		assertThat(this.page.locator("[data-stat=characters]")).hasText("36");
		assertThat(encoding).hasText("GSM-7");
		assertThat(segments).hasText("1");
		assertThat(cost).hasText("USD 8.30");

		message.press("End");
		message.pressSequentially(" 🎉");
		assertThat(encoding).hasText("UCS-2");
		assertThat(this.page.locator("[data-stat=units]")).hasText("39");

		message.fill("a".repeat(161));
		assertThat(encoding).hasText("GSM-7");
		assertThat(segments).hasText("2");
		assertThat(cost).hasText("USD 16.60");
		this.page.getByLabel("Estimate the cost for").fill("2000");
		assertThat(cost).hasText("USD 33.20");

		String name = "Spring sale " + key;
		this.page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
		message.fill("Hi {{ contact.frist_name }}, 20% off. {{ opt_out }}");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create template")).click();
		assertThat(this.page.locator("#body-error"))
			.hasText("Unknown variable {{ contact.frist_name }}: did you mean {{ contact.first_name }}?");
		assertThat(heading(this.page)).hasText("New template");
		assertThat(message).hasValue("Hi {{ contact.frist_name }}, 20% off. {{ opt_out }}");

		message.fill("Hi {{ contact.first_name | default: \"there\" }}, 20% off. {{ opt_out }}");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create template")).click();
		assertThat(heading(this.page)).hasText(name);
		assertThat(this.page.getByRole(AriaRole.STATUS).first()).containsText("Template " + name + " is saved.");

		this.page.waitForLoadState();
		this.page.getByLabel("Find a contact").fill(key);
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview")).click();
		assertThat(this.page.locator("#template-preview pre.rendered"))
			.hasText("Hi Rosa, 20% off. Reply STOP to opt out.");
	}

}
