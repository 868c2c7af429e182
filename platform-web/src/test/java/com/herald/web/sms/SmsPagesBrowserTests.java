package com.herald.web.sms;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.broadcast.BroadcastFixtures;
import com.herald.channel.CommunicationChannel;
import com.herald.channel.MessageContent;
import com.herald.channel.OutboundMessage;
import com.herald.consent.Channel;
import com.herald.contact.ContactFixtures;
import com.herald.sms.SmsOutbox;
import com.herald.support.HeraldBrowserTest;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A tenant admin sees the sandbox outbox fill and turn delivered, then sets up a Twilio
 * account: the token is accepted but never shown again, and mistakes are named.
 */
@HeraldWebTest
class SmsPagesBrowserTests extends HeraldBrowserTest {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	List<CommunicationChannel> channels;

	@Autowired
	SmsOutbox outbox;

	@Test
	void watchesTheSandboxOutboxThenSetsUpTwilio() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		String key = UUID.randomUUID().toString().substring(0, 8);
		String text = "Spring sale " + key + " <b>not bold</b>";
		UUID delivery = UUID.randomUUID();
		sandbox().send(new OutboundMessage(tenant.id().value(), null, delivery, Channel.SMS, ContactFixtures.usPhone(),
				MessageContent.text(text), "promotional", Map.of()));

		signIn(tenant.adminEmail(), TwoTenants.PASSWORD);
		navLink(this.page, "SMS outbox").click();
		assertThat(heading(this.page)).hasText("SMS outbox");
		assertThat(this.page.locator("#outbox tbody tr")).hasCount(1);
		assertThat(this.page.locator("#outbox")).containsText(text);
		// the simulated receipt arrives shortly after; the page shows it when loaded
		// again
		BroadcastFixtures.await("the sandbox receipt",
				() -> this.outbox.find(tenant.id(), delivery)
					.map((message) -> "delivered".equals(message.status()))
					.orElse(false));
		this.page.reload();
		assertThat(this.page.locator("#outbox tbody tr").first()).containsText("Delivered");

		navLink(this.page, "SMS settings").click();
		assertThat(heading(this.page)).hasText("SMS settings");
		assertThat(this.page.locator("#sms-provider")).containsText("sandbox");
		awaitScripts(this.page);
		this.page.getByLabel("Account SID").fill("AC123");
		authToken().fill("0123456789abcdef0123456789abcdef");
		this.page.getByLabel("From number").fill("(212) 555-01");
		save();
		assertThat(this.page.getByRole(AriaRole.ALERT)).containsText("An Account SID is AC followed by 32");
		assertThat(authToken()).hasValue("");
		// the refused page moves focus to its list of problems when its script runs: type
		// after that
		awaitScripts(this.page);

		String sid = "AC" + UUID.randomUUID().toString().replace("-", "");
		String from = ContactFixtures.usPhone();
		this.page.getByLabel("Account SID").fill(sid);
		authToken().fill("0123456789abcdef0123456789abcdef");
		this.page.getByLabel("From number").fill(ContactFixtures.national(from));
		this.page.getByLabel("Reply to HELP").fill("Acme: text STOP to opt out");
		save();

		assertThat(this.page.getByText("SMS settings saved.")).isVisible();
		assertThat(this.page.locator("#sms-provider")).containsText("Twilio, with your own account");
		assertThat(this.page.getByLabel("From number")).hasValue(from);
		assertThat(authToken()).hasValue("");
		assertThat(this.page.getByText("An auth token is saved (it is never shown)")).isVisible();
		assertThat(this.page.locator("body")).not().containsText("0123456789abcdef0123456789abcdef");
		org.assertj.core.api.Assertions.assertThat(this.page.content())
			.doesNotContain("0123456789abcdef0123456789abcdef");

		// the number's own rate (a long code sends 1 a second, the platform's default)
		assertThat(this.page.getByText("Empty: 1 a second (the platform default)")).isVisible();
		awaitScripts(this.page);
		this.page.getByLabel("Messages per second").fill("0");
		save();
		assertThat(this.page.getByRole(AriaRole.ALERT)).containsText("Enter 1 to 10,000 messages per second");
		assertThat(this.page.getByLabel("Messages per second")).hasValue("0");
		awaitScripts(this.page);
		this.page.getByLabel("Messages per second").fill("3");
		save();
		assertThat(this.page.getByText("SMS settings saved.")).isVisible();
		assertThat(this.page.getByLabel("Messages per second")).hasValue("3");
	}

	private com.microsoft.playwright.Locator authToken() {
		return this.page.getByLabel("Auth token", new Page.GetByLabelOptions().setExact(true));
	}

	private void save() {
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save SMS settings")).click();
	}

	private CommunicationChannel sandbox() {
		return this.channels.stream()
			.filter((c) -> c.sandbox() && c.channel() == Channel.SMS)
			.findFirst()
			.orElseThrow();
	}

}
