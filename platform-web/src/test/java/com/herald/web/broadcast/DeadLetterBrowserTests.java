package com.herald.web.broadcast;

import java.util.List;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.contact.Contact;
import com.herald.dispatch.ScriptedChannel;
import com.herald.support.HeraldBrowserTest;
import com.herald.support.HeraldWebTest;
import com.herald.support.ScriptedBroadcasts;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.herald.broadcast.BroadcastFixtures.await;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A tenant admin pages through more dead letters than fit on one page, finds one by its
 * number and retries it, retries two ticked ones, then all that are left, each after a
 * confirmation, and sees the result; the broadcast completes with nothing failed.
 */
@HeraldWebTest
class DeadLetterBrowserTests extends HeraldBrowserTest {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	ScriptedBroadcasts scripted;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	ScriptedChannel sms;

	@Test
	void deadLettersArePagedFoundAndRetriedOneTickedAndAllAfterAConfirmation() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		this.scripted.scriptedSms(tenant.id());
		String tag = BroadcastFixtures.tag();
		List<Contact> audience = this.scripted.audienceWithFailures(admin, tag, 52, 52);
		Broadcast broadcast = this.broadcasts.create(admin, BroadcastFixtures.sms(tag, "Hello"));
		this.scripted.launchAndComplete(admin, broadcast.id());
		// the numbers work now
		audience.forEach((contact) -> this.sms.script(contact.getPhone(), ScriptedChannel.Behaviour.ACCEPT));

		signIn(tenant.adminEmail(), TwoTenants.PASSWORD);
		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Dead letters").setExact(true)).click();
		this.page.getByLabel("Broadcast", new Page.GetByLabelOptions().setExact(true))
			.selectOption(broadcast.id().toString());
		filter();
		assertThat(heading()).hasText("52 dead letters match");
		assertThat(this.page.locator("#dead-letters tbody tr")).hasCount(50);
		assertThat(this.page.locator("#dead-letters tbody tr").first()).containsText("21211");
		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Older")).click();
		assertThat(this.page.locator("#dead-letters tbody tr")).hasCount(2);

		// one, found by its number
		String phone = audience.get(7).getPhone();
		this.page.getByLabel("Search", new Page.GetByLabelOptions().setExact(true)).fill(phone);
		filter();
		assertThat(heading()).hasText("1 dead letter matches");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Retry " + phone)).click();
		assertThat(this.page.locator("#confirm-question")).hasText("Send 1 dead letter again?");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Retry 1")).click();
		assertThat(this.page.locator(".flash.success")).hasText("1 message is back in the queue.");
		assertThat(this.page.getByLabel("Search", new Page.GetByLabelOptions().setExact(true))).hasValue(phone);

		// two ticked
		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Clear")).click();
		this.page.getByLabel("Broadcast", new Page.GetByLabelOptions().setExact(true))
			.selectOption(broadcast.id().toString());
		filter();
		assertThat(heading()).hasText("51 dead letters match");
		this.page.locator("#dead-0").check();
		this.page.locator("#dead-1").check();
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Retry selected")).click();
		assertThat(this.page.locator("#confirm-question")).hasText("Send 2 dead letters again?");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Retry 2")).click();
		assertThat(this.page.locator(".flash.success")).hasText("2 messages are back in the queue.");

		// all that are left
		assertThat(heading()).hasText("49 dead letters match");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Retry all 49 matching")).click();
		assertThat(this.page.locator("#confirm-question"))
			.hasText("Send all 49 dead letters that match the filter again?");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Retry 49")).click();
		assertThat(this.page.locator(".flash.success")).hasText("49 messages are back in the queue.");
		assertThat(heading()).hasText("0 dead letters match");

		await("the retried messages sent",
				() -> this.broadcasts.get(admin, broadcast.id()).status() == BroadcastStatus.COMPLETED
						&& this.broadcasts.stats(admin, broadcast.id()).sent() == 52);
		this.page.navigate(url("/broadcasts/" + broadcast.id()));
		assertThat(this.page.locator("[data-stat=failed]")).hasText("0");
	}

	private void filter() {
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter").setExact(true)).click();
	}

	private com.microsoft.playwright.Locator heading() {
		return this.page.locator("#results-heading");
	}

}
