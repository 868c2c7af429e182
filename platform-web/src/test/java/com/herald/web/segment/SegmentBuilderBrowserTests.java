package com.herald.web.segment;

import java.util.UUID;

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
 * A tenant admin opens the segment builder, types a condition and watches the live panel
 * count the contacts it matches, then narrows it and sees the count drop.
 */
@HeraldWebTest
class SegmentBuilderBrowserTests extends HeraldBrowserTest {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ContactService contacts;

	@Test
	void typingAConditionUpdatesTheLiveCount() {
		TwoTenants two = this.tenancy.twoTenants();
		Actor admin = two.a().admin(this.accounts);
		String first = "Builder" + UUID.randomUUID().toString().substring(0, 8);
		for (String last : new String[] { "Ann", "Bob" }) {
			this.contacts.create(admin,
					ContactDraft.builder()
						.firstName(first)
						.lastName(last)
						.email((first + "-" + last + "@example.test").toLowerCase())
						.storeId(two.a().storeOne().getId())
						.build());
		}

		signIn(two.a().adminEmail(), TwoTenants.PASSWORD);
		navLink(this.page, "Segments").click();
		assertThat(heading(this.page)).hasText("Segments");
		this.page.getByText("New segment").click();
		// htmx wires the live panel when the page has loaded
		this.page.waitForURL("**/segments/new");
		assertThat(this.page.locator("#audience-panel")).containsText("Add a condition");

		this.page.getByLabel("Condition 1: field").selectOption("first_name");
		this.page.getByLabel("Condition 1: test").selectOption("equals");
		this.page.getByLabel("Condition 1: value").fill(first);
		assertThat(this.page.locator("[data-stat=matched]")).hasText("2");
		assertThat(this.page.locator("#audience-panel")).containsText(first + " Bob");

		this.page.getByLabel("Condition 2: field").selectOption("last_name");
		this.page.getByLabel("Condition 2: test").selectOption("equals");
		this.page.getByLabel("Condition 2: value").fill("Ann");
		assertThat(this.page.locator("[data-stat=matched]")).hasText("1");
		assertThat(this.page.locator("#audience-panel")).not().containsText(first + " Bob");
	}

}
