package com.herald.web.broadcast;

import java.util.concurrent.atomic.AtomicInteger;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.broadcast.BroadcastFixtures;
import com.herald.dispatch.ScriptedChannel;
import com.herald.support.HeraldBrowserTest;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant admin creates an SMS broadcast through every step of the wizard, launches it,
 * and watches the tracking page's counters reach completed without reloading. The SMS go
 * to the suite's scripted test provider, which accepts them all.
 */
@HeraldWebTest
class BroadcastWizardBrowserTests extends HeraldBrowserTest {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	ScriptedChannel provider;

	@Test
	void createsLaunchesAndTracksABroadcastLive() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		this.provider.enrol(tenant.id().value());
		this.fixtures.noQuietHours(tenant.id());
		String tag = BroadcastFixtures.tag();
		this.fixtures.audience(admin, tag, 3);

		signIn(tenant.adminEmail(), TwoTenants.PASSWORD);
		navLink(this.page, "Broadcasts").click();
		assertThat(heading(this.page)).hasText("Broadcasts");
		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New broadcast")).click();

		// channel
		this.page.getByLabel("Name").fill("Browser offer " + tag);
		this.page.getByLabel("Channel").selectOption("sms");
		continueToNextStep("audience");

		// audience, with the live count
		assertThat(this.page.locator("[aria-current=step]")).hasText("Audience");
		this.page.getByLabel("Contacts matching conditions").check();
		this.page.getByLabel("Condition 1: field").selectOption("tags");
		this.page.getByLabel("Condition 1: test").selectOption("any");
		this.page.getByLabel("Condition 1: value").fill(tag);
		assertThat(this.page.locator("#audience-count [data-stat=matched]")).hasText("3");
		continueToNextStep("compose");

		// message, with live segments
		assertThat(this.page.locator("[aria-current=step]")).hasText("Message");
		this.page.getByLabel("Message", new Page.GetByLabelOptions().setExact(true))
			.fill("Hi {{ contact.first_name }}, our winter offer starts today. " + "x".repeat(120));
		assertThat(this.page.locator("#sms-stats [data-stat=segments]")).hasText("2");
		continueToNextStep("schedule");

		// schedule
		assertThat(this.page.locator("[aria-current=step]")).hasText("Schedule");
		this.page.getByLabel("As soon as it is launched").check();
		continueToNextStep("review");

		// review
		assertThat(this.page.locator("[aria-current=step]")).hasText("Review");
		assertThat(this.page.locator("[data-stat=matched]")).hasText("3");
		assertThat(this.page.locator("[data-stat=estimated]")).hasText("3");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Launch")).click();
		this.page.waitForURL(java.util.regex.Pattern.compile(".*/broadcasts/[0-9a-f-]+$"));
		assertThat(heading(this.page)).hasText("Browser offer " + tag);

		// the counters move on their own: no navigation from here on
		AtomicInteger navigations = new AtomicInteger();
		this.page.onFrameNavigated((frame) -> {
			if (frame == this.page.mainFrame()) {
				navigations.incrementAndGet();
			}
		});
		assertThat(this.page.locator("#live [data-stat=status]")).hasText("Completed");
		assertThat(this.page.locator("#live [data-stat=recipients]")).hasText("3");
		assertThat(this.page.locator("#live [data-stat=sent]")).hasText("3");
		assertThat(this.page.locator("#live [data-stat=queued]")).hasText("0");
		assertThat(this.page.locator("#live polyline")).hasAttribute("points", java.util.regex.Pattern.compile(".+"));
		assertThat(navigations.get()).as("page loads while the counters moved").isZero();
		assertThat(this.provider.sent(tenant.id().value())).hasSize(3);
	}

	/**
	 * Saves the step and waits for the next one to load: htmx wires the live figures on
	 * load, and typing earlier would go unheard.
	 */
	private void continueToNextStep(String next) {
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save and continue")).click();
		this.page.waitForURL("**/edit/" + next);
	}

}
