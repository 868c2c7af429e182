package com.herald.web.email;

import java.util.Map;
import java.util.UUID;

import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.channel.ChannelRegistry;
import com.herald.channel.MessageContent;
import com.herald.channel.OutboundMessage;
import com.herald.consent.Channel;
import com.herald.contact.ContactFixtures;
import com.herald.support.HeraldBrowserTest;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A tenant admin opens an email in the sandbox outbox and sees its HTML as the recipient
 * would, with the email's own script never running; then sets the tenant's sender, with
 * mistakes named and the API key never shown again.
 */
@HeraldWebTest
class EmailPagesBrowserTests extends HeraldBrowserTest {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	ChannelRegistry registry;

	@Test
	void readsAnEmailInTheOutboxThenSetsTheSender() {
		// the frame has no allow-scripts: Chromium reports the script it refused
		allowConsoleError("Blocked script execution");
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		String key = UUID.randomUUID().toString().substring(0, 8);
		String html = "<html><body><h1 style=\"color:#b00\">Spring sale " + key + "</h1>"
				+ "<p id=\"victim\">Shoes half price</p>"
				+ "<script>document.getElementById('victim').textContent='SCRIPT RAN';</script></body></html>";
		this.registry.resolve(tenant.id().value(), null, Channel.EMAIL)
			.orElseThrow()
			.send(new OutboundMessage(tenant.id().value(), null, UUID.randomUUID(), Channel.EMAIL,
					ContactFixtures.email(), new MessageContent("Spring sale: shoes half price", "Sale " + key, html),
					"promotional", Map.of("unsubscribeUrl", "https://herald.example/u/" + key)));

		signIn(tenant.adminEmail(), TwoTenants.PASSWORD);
		navLink(this.page, "Email outbox").click();
		assertThat(heading(this.page)).hasText("Email outbox");
		assertThat(this.page.locator("#outbox tbody tr")).hasCount(1);
		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sale " + key)).click();

		assertThat(heading(this.page)).hasText("Sale " + key);
		assertThat(this.page.locator("#email-headers")).containsText("https://herald.example/u/" + key);
		assertThat(this.page.locator("#email-text")).hasText("Spring sale: shoes half price");
		FrameLocator frame = this.page.frameLocator("#email-html");
		assertThat(frame.locator("h1")).hasText("Spring sale " + key);
		assertThat(frame.locator("#victim")).hasText("Shoes half price");
		assertThat(this.page.locator("#email-html")).hasAttribute("sandbox", "");

		navLink(this.page, "Email settings").click();
		assertThat(heading(this.page)).hasText("Email settings");
		assertThat(this.page.locator("#email-provider")).containsText("sandbox");
		this.page.getByLabel("From name").fill("Acme Shoes");
		this.page.getByLabel("From address").fill("news at acme");
		save();
		assertThat(this.page.getByRole(AriaRole.ALERT)).containsText("Enter an email address like");
		assertThat(this.page.getByLabel("From name")).hasValue("Acme Shoes");

		this.page.getByLabel("From address").fill("news@acme.example");
		apiKey().fill("SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
		save();
		assertThat(this.page.getByText("Email settings saved.")).isVisible();
		assertThat(this.page.locator("#email-sender")).containsText("Acme Shoes <news@acme.example>");
		assertThat(apiKey()).hasValue("");
		assertThat(this.page.getByText("An API key is saved (it is never shown)")).isVisible();
		org.assertj.core.api.Assertions.assertThat(this.page.content())
			.doesNotContain("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
	}

	private com.microsoft.playwright.Locator apiKey() {
		return this.page.getByLabel("API key", new Page.GetByLabelOptions().setExact(true));
	}

	private void save() {
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save email settings")).click();
	}

}
