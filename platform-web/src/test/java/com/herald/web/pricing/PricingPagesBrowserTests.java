package com.herald.web.pricing;

import java.util.List;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.ChannelMode;
import com.herald.broadcast.Schedule;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.support.HeraldBrowserTest;
import com.herald.support.HeraldWebTest;
import com.herald.template.EmailContent;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A tenant admin sets the tenant's price per email on the prices page (a mistake is
 * named, the change is audited), the broadcast review costs email with it, and removing
 * it brings Herald's price back.
 */
@HeraldWebTest
class PricingPagesBrowserTests extends HeraldBrowserTest {

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
	JdbcClient jdbc;

	@Autowired
	TenantTransactions transactions;

	@Test
	void setsTheEmailPriceWhichTheBroadcastReviewCostsEmailWith() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		String tag = BroadcastFixtures.tag();
		emailReader(admin, tag, "Ed");
		emailReader(admin, tag, "Eve");
		Broadcast broadcast = this.broadcasts.create(admin,
				new BroadcastDraft("Email " + tag, null, List.of(Channel.EMAIL), ChannelMode.ALL,
						BroadcastFixtures.tagged(tag), null, null, "promotional", Schedule.NOW, 0),
				new EmailContent("Our sale", null, "<p>Sale today</p>"));

		signIn(tenant.adminEmail(), TwoTenants.PASSWORD);
		navLink(this.page, "SMS prices").click();
		assertThat(heading(this.page)).hasText("Prices");
		Locator herald = this.page.locator("[data-email-price=platform]");
		assertThat(this.page.locator("[data-email-price=tenant]")).hasText("—");
		assertThat(this.page.locator("[data-email-price=used]")).hasText(herald.innerText());

		awaitScripts(this.page);
		emailPrice().fill("a quarter");
		saveEmailPrice();
		assertThat(this.page.getByRole(AriaRole.ALERT)).containsText("Enter the price as a number");
		assertThat(emailPrice()).hasAttribute("aria-invalid", "true");
		assertThat(emailPrice()).hasValue("a quarter");

		awaitScripts(this.page);
		emailPrice().fill("0.25");
		saveEmailPrice();
		assertThat(this.page.getByText("An email now costs 0.25")).isVisible();
		assertThat(this.page.locator("[data-email-price=tenant]")).hasText("0.25000");
		assertThat(this.page.locator("[data-email-price=used]")).hasText("0.25000");
		org.assertj.core.api.Assertions.assertThat(audited(tenant, "pricing.email_price_set")).isEqualTo(1);

		// two emails at 0.25 each
		this.page.navigate(url("/broadcasts/" + broadcast.id() + "/edit/review"));
		assertThat(this.page.locator("tr[data-channel=email] [data-channel-stat=deliveries]")).hasText("2");
		assertThat(this.page.locator("tr[data-channel=email] [data-channel-stat=cost]")).hasText("USD 0.50");
		assertThat(this.page.locator("[data-stat=cost]")).hasText("USD 0.50");

		navLink(this.page, "SMS prices").click();
		assertThat(heading(this.page)).hasText("Prices");
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Remove your email price")).click();
		assertThat(this.page.getByText("Your email price is removed")).isVisible();
		assertThat(this.page.locator("[data-email-price=tenant]")).hasText("—");
		assertThat(this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Remove your email price")))
			.hasCount(0);
		org.assertj.core.api.Assertions.assertThat(audited(tenant, "pricing.email_price_removed")).isEqualTo(1);
	}

	private void emailReader(Actor admin, String tag, String name) {
		Contact contact = this.contacts.create(admin, ContactFixtures.person().firstName(name).tag(tag).build());
		this.consent.record(admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Email me", "192.0.2.1", null);
	}

	private Locator emailPrice() {
		return this.page.getByLabel("Price per email");
	}

	private void saveEmailPrice() {
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save email price")).click();
	}

	private long audited(TwoTenants.TenantFixture tenant, String action) {
		return this.transactions.readInTenant(tenant.id(),
				() -> this.jdbc.sql("SELECT count(*) FROM audit_events WHERE tenant_id = ? AND action = ?")
					.params(tenant.id().value(), action)
					.query(Long.class)
					.single());
	}

}
