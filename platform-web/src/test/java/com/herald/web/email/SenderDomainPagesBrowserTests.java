package com.herald.web.email;

import java.util.UUID;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.email.dkim.SenderDomain;
import com.herald.email.dkim.SenderDomainService;
import com.herald.support.HeraldBrowserTest;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A tenant admin adds a sender domain, reads the DKIM TXT record to publish (the key
 * Herald holds) with the SPF and DMARC guidance, confirms it is published so email gets
 * signed, then removes the domain and its key.
 */
@HeraldWebTest
class SenderDomainPagesBrowserTests extends HeraldBrowserTest {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	SenderDomainService domains;

	@Test // #5
	void addsADomainShowsItsRecordsConfirmsAndRemovesIt() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		String domain = "news-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";

		signIn(tenant.adminEmail(), TwoTenants.PASSWORD);
		navLink(this.page, "Sender domains").click();
		assertThat(heading(this.page)).hasText("Sender domains");
		assertThat(this.page.getByText("No sender domains yet.")).isVisible();
		this.page.getByLabel("Domain").fill("news at acme");
		addDomain();
		assertThat(this.page.getByRole(AriaRole.ALERT)).isVisible();
		assertThat(this.page.getByLabel("Domain")).hasValue("news at acme");

		this.page.getByLabel("Domain").fill(domain);
		addDomain();

		assertThat(heading(this.page)).hasText(domain);
		assertThat(this.page.getByText("Domain added.")).isVisible();
		assertThat(this.page.locator("#signing-status")).containsText("Not signed yet");
		SenderDomain stored = this.domains.list(admin, 0, 10)
			.getContent()
			.stream()
			.filter((d) -> d.domain().equals(domain))
			.findFirst()
			.orElseThrow();
		assertThat(this.page.locator("#dkim-name")).hasText(stored.selector() + "._domainkey." + domain);
		assertThat(this.page.locator("#dkim-value")).hasText(stored.dkimRecordValue());
		org.assertj.core.api.Assertions.assertThat(stored.dkimRecordValue()).startsWith("v=DKIM1; k=rsa; p=MII");
		assertThat(this.page.locator("#spf-heading")).hasText("2. SPF");
		assertThat(this.page.getByText("v=spf1 include:")).isVisible();
		assertThat(this.page.locator("#dmarc-name")).hasText("_dmarc." + domain);
		assertThat(this.page.locator("#dmarc-value")).containsText("v=DMARC1");

		this.page
			.getByRole(AriaRole.BUTTON,
					new Page.GetByRoleOptions().setName("I published the DKIM record: sign my email"))
			.click();
		assertThat(this.page.getByText("Confirmed: email from " + domain + " is now DKIM-signed.")).isVisible();
		assertThat(this.page.locator("#signing-status")).containsText("is DKIM-signed");
		org.assertj.core.api.Assertions.assertThat(this.domains.signingKey(tenant.id(), domain)).isPresent();

		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sender domains").setExact(true))
			.first()
			.click();
		assertThat(this.page.locator("#sender-domains tbody tr")).hasCount(1);
		assertThat(this.page.locator("#sender-domains tbody tr")).containsText("Signed");
		this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(domain)).click();
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Remove domain and its key")).click();

		assertThat(heading(this.page)).hasText("Sender domains");
		assertThat(this.page.getByText("Domain removed. Its DKIM key is gone.")).isVisible();
		assertThat(this.page.getByText("No sender domains yet.")).isVisible();
	}

	private void addDomain() {
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add domain")).click();
	}

}
