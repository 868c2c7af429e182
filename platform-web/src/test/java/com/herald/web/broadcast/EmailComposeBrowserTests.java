package com.herald.web.broadcast;

import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.Schedule;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.dispatch.RecordingEmailChannel;
import com.herald.support.HeraldBrowserTest;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant admin writes an email in the wizard's message step: the sandboxed preview
 * frame follows the HTML as it is typed, rendered for a real contact; the source view
 * shows what will be sent (scripts gone, footer added); a typo in a variable is reported
 * before saving; the insert buttons add snippets; and the launched broadcast reaches the
 * provider as previewed.
 */
@HeraldWebTest
class EmailComposeBrowserTests extends HeraldBrowserTest {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	RecordingEmailChannel provider;

	@Test // #5
	void theEmailPreviewFollowsTheHtmlAndTheSourceViewShowsWhatIsSent() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		this.provider.enrol(tenant.id().value());
		String tag = BroadcastFixtures.tag();
		Contact rosa = this.contacts.create(admin,
				ContactFixtures.person().firstName("Rosa").storeId(tenant.storeOne().getId()).tag(tag).build());
		this.consent.record(admin, rosa.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM, "Email me",
				"192.0.2.1", null);
		Broadcast broadcast = this.broadcasts.create(admin, new BroadcastDraft("Email " + tag, null, Channel.EMAIL,
				BroadcastFixtures.tagged(tag), null, null, "promotional", Schedule.NOW, 0));

		signIn(tenant.adminEmail(), TwoTenants.PASSWORD);
		this.page.navigate(url("/broadcasts/" + broadcast.id() + "/edit/compose"));
		assertThat(this.page.locator("[aria-current=step]")).hasText("Message");
		// htmx wires the preview once the page has loaded
		this.page.waitForLoadState();

		this.page.getByLabel("Subject", new Page.GetByLabelOptions().setExact(true))
			.fill("Winter sale for {{ contact.first_name }}");
		Locator html = this.page.getByLabel("HTML", new Page.GetByLabelOptions().setExact(true));
		html.fill("<h1>Winter sale</h1><p onclick=\"steal()\">Hello {{ contact.first_name }}</p>"
				+ "<script>steal()</script>");
		FrameLocator frame = this.page.frameLocator("iframe.email-frame");
		assertThat(frame.locator("h1")).hasText("Winter sale");
		assertThat(frame.locator("p").first()).hasText("Hello Rosa");
		assertThat(this.page.locator("[data-preview=subject]")).hasText("Winter sale for Rosa");
		assertThat(this.page.locator("iframe.email-frame")).hasAttribute("sandbox", "");
		// the footer marketing email carries
		assertThat(frame.getByRole(AriaRole.LINK, new FrameLocator.GetByRoleOptions().setName("Unsubscribe")))
			.isVisible();
		assertThat(frame.locator("body")).containsText(tenant.storeOne().getDetails().addressLine1());

		html.press("End");
		html.pressSequentially("<p>Only today</p>");
		assertThat(frame.locator("p").nth(1)).hasText("Only today");

		this.page.getByText("HTML source").click();
		Locator source = this.page.locator("[data-preview=source]");
		assertThat(source).isVisible();
		assertThat(source).containsText("<p>Hello Rosa</p><p>Only today</p>");
		assertThat(source).not().containsText("steal()");
		this.page.getByText("Plain-text part").click();
		assertThat(this.page.locator("[data-preview=text]")).containsText("Winter sale\n\nHello Rosa");

		html.fill("<p>Hi {{ contact.frist_name }}</p>");
		assertThat(this.page.locator(".preview-errors [data-field=html]"))
			.containsText("did you mean {{ contact.first_name }}?");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save and continue")).click();
		assertThat(this.page.locator("#html-error")).containsText("did you mean {{ contact.first_name }}?");
		assertThat(html).hasValue("<p>Hi {{ contact.frist_name }}</p>");

		this.page.waitForLoadState();
		html.fill("<p>Hi {{ contact.first_name }}</p>");
		html.press("End");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Unsubscribe link")).click();
		assertThat(html)
			.hasValue("<p>Hi {{ contact.first_name }}</p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a>");
		assertThat(frame.locator("a").first()).hasText("Unsubscribe");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save and continue")).click();
		this.page.waitForURL("**/edit/schedule");
		this.page.getByLabel("As soon as it is launched").check();
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save and continue")).click();
		this.page.waitForURL("**/edit/review");
		assertThat(this.page.locator("[data-review=subject]")).hasText("Winter sale for {{ contact.first_name }}");
		assertThat(this.page.locator("[data-stat=estimated]")).hasText("1");

		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Launch")).click();
		assertThat(this.page.locator("#live [data-stat=status]")).hasText("Completed");
		assertThat(this.provider.received(tenant.id().value())).singleElement().satisfies((message) -> {
			assertThat(message.content().subject()).isEqualTo("Winter sale for Rosa");
			assertThat(message.content().html()).contains("<p>Hi Rosa</p>");
		});
	}

}
