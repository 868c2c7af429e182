package com.herald.web.broadcast;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.broadcast.BroadcastFixtures;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.dispatch.RecordingEmailChannel;
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
 * A tenant admin picks SMS and email for one broadcast in the wizard, writes the text and
 * the email side by side, sees who each channel reaches and excludes at review, launches
 * it, and watches both channels complete on the tracking page.
 */
@HeraldWebTest
class MultiChannelWizardBrowserTests extends HeraldBrowserTest {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	ScriptedChannel sms;

	@Autowired
	RecordingEmailChannel email;

	@Test // #5
	void smsAndEmailAreChosenComposedReviewedAndTrackedPerChannel() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		this.sms.enrol(tenant.id().value());
		this.email.enrol(tenant.id().value());
		this.fixtures.noQuietHours(tenant.id());
		String tag = BroadcastFixtures.tag();
		person(admin, tag, "Sam", Channel.SMS);
		person(admin, tag, "Em", Channel.EMAIL);
		person(admin, tag, "Bo", Channel.SMS, Channel.EMAIL);

		signIn(tenant.adminEmail(), TwoTenants.PASSWORD);
		this.page.navigate(url("/broadcasts/new"));
		this.page.getByLabel("Name").fill("Both ways " + tag);
		this.page.getByLabel("Channel", new Page.GetByLabelOptions().setExact(true)).selectOption("sms");
		this.page.getByLabel("Second choice (optional)").selectOption("email");
		this.page.getByLabel("Both, where they consented to both").check();
		continueToNextStep("audience");

		this.page.getByLabel("Contacts matching conditions").check();
		this.page.getByLabel("Condition 1: field").selectOption("tags");
		this.page.getByLabel("Condition 1: test").selectOption("any");
		this.page.getByLabel("Condition 1: value").fill(tag);
		assertThat(this.page.locator("#audience-count [data-stat=reachable]")).hasText("2");
		assertThat(this.page.locator("#audience-count [data-stat=reachable-email]")).hasText("2");
		continueToNextStep("compose");

		// one box per channel
		assertThat(this.page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Text message (SMS)")))
			.isVisible();
		assertThat(this.page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Email").setExact(true)))
			.isVisible();
		this.page.getByLabel("Message", new Page.GetByLabelOptions().setExact(true))
			.fill("Hi {{ contact.first_name }}, " + "x".repeat(170));
		assertThat(this.page.locator("#sms-stats [data-stat=segments]")).hasText("2");
		this.page.getByLabel("Subject", new Page.GetByLabelOptions().setExact(true))
			.fill("{{ contact.first_name }}, both ways");
		Locator html = this.page.getByLabel("HTML", new Page.GetByLabelOptions().setExact(true));
		html.fill("<p>Hello {{ contact.first_name }}</p>");
		continueToNextStep("schedule");
		this.page.getByLabel("As soon as it is launched").check();
		continueToNextStep("review");

		Locator smsRow = this.page.locator("table.per-channel tr[data-channel=sms]");
		Locator emailRow = this.page.locator("table.per-channel tr[data-channel=email]");
		assertThat(smsRow.locator("[data-channel-stat=reachable]")).hasText("2");
		assertThat(smsRow.locator("[data-channel-stat=excluded]")).containsText("No consent: 1");
		assertThat(smsRow.locator("[data-channel-stat=deliveries]")).hasText("2");
		assertThat(emailRow.locator("[data-channel-stat=reachable]")).hasText("2");
		assertThat(emailRow.locator("[data-channel-stat=deliveries]")).hasText("2");
		assertThat(emailRow.locator("[data-channel-stat=cost]")).containsText("0.00");
		assertThat(this.page.locator("[data-stat=matched]")).hasText("3");
		assertThat(this.page.locator("[data-stat=estimated]")).hasText("4");
		assertThat(this.page.locator("[data-review=subject]")).hasText("{{ contact.first_name }}, both ways");

		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Launch")).click();
		this.page.waitForURL(java.util.regex.Pattern.compile(".*/broadcasts/[0-9a-f-]+$"));
		assertThat(this.page.locator("#live [data-stat=status]")).hasText("Completed");
		Locator tracked = this.page.locator("#live table.per-channel");
		assertThat(tracked.locator("tr[data-channel=sms] [data-channel-stat=sent]")).hasText("2");
		assertThat(tracked.locator("tr[data-channel=email] [data-channel-stat=sent]")).hasText("2");
		assertThat(this.page.locator("#live .counters [data-stat=sent]")).hasText("4");
		assertThat(this.sms.sent(tenant.id().value())).hasSize(2);
		assertThat(this.email.received(tenant.id().value())).extracting((message) -> message.content().subject())
			.containsExactlyInAnyOrder("Em, both ways", "Bo, both ways");
	}

	private Contact person(Actor admin, String tag, String name, Channel... consented) {
		Contact contact = this.contacts.create(admin,
				ContactFixtures.person().firstName(name).timezone("America/New_York").tag(tag).build());
		for (Channel channel : consented) {
			this.consent.record(admin, contact.getId(), channel, ConsentStatus.OPTED_IN, ConsentSource.FORM, "Yes",
					"192.0.2.1", null);
		}
		return contact;
	}

	private void continueToNextStep(String next) {
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save and continue")).click();
		this.page.waitForURL("**/edit/" + next);
	}

}
