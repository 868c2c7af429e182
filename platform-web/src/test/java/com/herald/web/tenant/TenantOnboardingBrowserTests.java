package com.herald.web.tenant;

import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Pageable;

import com.herald.support.HeraldBrowserTest;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.TenantService;
import com.herald.tenancy.TwoTenants;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new business joins Herald through the pages alone: the super admin creates it, its
 * first admin accepts the invitation and invites a store manager, who gets in too.
 */
@HeraldWebTest
class TenantOnboardingBrowserTests extends HeraldBrowserTest {

	@Autowired
	TenantService tenants;

	@Test
	void onboardsATenantItsAdminAndAStoreManagerThroughThePages() {
		String key = UUID.randomUUID().toString().substring(0, 8);
		String slug = "onboard-" + key;
		String adminEmail = "first-admin-" + key + "@example.test";
		String managerEmail = "manager-" + key + "@example.test";

		// the super admin creates the tenant and gets the first admin's link
		signIn(HeraldWebTest.ROOT_EMAIL, HeraldWebTest.ROOT_PASSWORD);
		navLink(this.page, "Tenants").click();
		this.page.getByRole(AriaRole.LINK, named("New tenant")).click();
		this.page.getByLabel("Slug").fill(slug);
		this.page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Onboard " + key);
		this.page.getByLabel("First tenant admin email (optional)").fill(adminEmail);
		this.page.getByRole(AriaRole.BUTTON, named("Create tenant")).click();
		assertThat(heading(this.page)).hasText("Onboard " + key);
		assertThat(this.page.getByRole(AriaRole.STATUS).first()).containsText("is created");
		String adminLink = this.page.getByLabel("Invitation link for " + adminEmail).inputValue();
		assertThat(adminLink).startsWith(url("/invitations/"));

		// the live search finds it, and the address bar keeps the search
		this.page.getByRole(AriaRole.LINK, named("All tenants")).click();
		// htmx wires the live search when the page has loaded; typing earlier would go
		// unheard
		this.page.waitForURL("**/admin/tenants");
		this.page.getByLabel("Search by name or slug").fill(slug);
		assertThat(this.page).hasURL(Pattern.compile(".*[?&]q=" + slug + ".*"));
		assertThat(this.page.locator("#tenant-rows table tbody tr")).hasCount(1);
		assertThat(this.page.locator("h1")).hasCount(1);
		assertThat(this.page.locator("#tenant-rows")).containsText("Onboard " + key);

		// the link shows once: the tenant page no longer has it
		this.page.getByRole(AriaRole.LINK, named("Onboard " + key)).click();
		assertThat(this.page.getByLabel("Invitation link for " + adminEmail)).hasCount(0);

		// the first admin, on their own computer, sets a password and signs in
		Page admin = newVisitor();
		acceptInvitation(admin, adminLink, "Onboard " + key, "Tenant admin", "First Admin");
		assertThat(admin.getByLabel("Email")).hasValue(adminEmail);
		signIn(admin, adminEmail, "first-admin-password-1");
		assertThat(heading(admin)).hasText("Onboard " + key);

		// ... creates a store and invites its manager
		navLink(admin, "Stores").click();
		admin.getByRole(AriaRole.LINK, named("New store")).click();
		admin.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Harbour " + key);
		admin.getByLabel("Time zone").selectOption("Europe/Lisbon");
		admin.getByLabel("Address line 1").fill("1 Harbour Road");
		admin.getByLabel("City").fill("Lisbon");
		admin.getByLabel("Postal code").fill("1100-001");
		admin.getByLabel("Country", new Page.GetByLabelOptions().setExact(true)).selectOption("PT");
		admin.getByLabel("Default phone region").selectOption("PT");
		admin.getByRole(AriaRole.BUTTON, named("Create store")).click();
		assertThat(heading(admin)).hasText("Harbour " + key);

		navLink(admin, "Users").click();
		admin.getByRole(AriaRole.LINK, named("Invite someone")).click();
		admin.getByLabel("Email").fill(managerEmail);
		Locator stores = admin.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Stores they manage"));
		admin.getByLabel("Role").selectOption("COMPLIANCE_OFFICER");
		assertThat(stores).isHidden();
		admin.getByLabel("Role").selectOption("STORE_MANAGER");
		assertThat(stores).isVisible();
		stores.getByLabel("Harbour " + key).check();
		admin.getByRole(AriaRole.BUTTON, named("Create invitation")).click();
		String managerLink = admin.getByLabel("Invitation link for " + managerEmail).inputValue();
		assertThat(admin.locator("main table").last()).containsText(managerEmail);
		assertThat(admin.locator("main table").last()).containsText("Pending");

		// the store manager gets in and sees their store
		Page manager = newVisitor();
		acceptInvitation(manager, managerLink, "Onboard " + key, "Store manager", "Harbour Manager");
		signIn(manager, managerEmail, "first-admin-password-1");
		navLink(manager, "Stores").click();
		assertThat(manager.locator("main table")).containsText("Harbour " + key);
		assertThat(navLink(manager, "Users")).hasCount(0);
	}

	@Test
	void showsWhatIsWrongBesideEachFieldAndKeepsWhatWasTyped() {
		String taken = "taken-" + UUID.randomUUID().toString().substring(0, 8);
		this.tenants.create(TwoTenants.platform(), taken, "Already Here");
		signIn(HeraldWebTest.ROOT_EMAIL, HeraldWebTest.ROOT_PASSWORD);
		this.page.navigate(url("/admin/tenants/new"));

		this.page.getByLabel("Slug").fill(taken);
		this.page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Second Try");
		this.page.getByRole(AriaRole.BUTTON, named("Create tenant")).click();
		Locator slug = this.page.getByLabel("Slug");
		assertThat(slug).hasAttribute("aria-invalid", "true");
		assertThat(slug).hasAttribute("aria-describedby", Pattern.compile(".*\\bslug-error\\b.*"));
		assertThat(this.page.locator("#slug-error")).hasText("The slug " + taken + " is already taken");
		assertThat(slug).hasValue(taken);
		assertThat(this.page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true))).hasValue("Second Try");
		assertThat(this.page.getByRole(AriaRole.ALERT)).containsText("already taken");

		String fresh = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
		slug.fill(fresh);
		this.page.getByLabel("First tenant admin email (optional)").fill("not-an-email");
		this.page.getByRole(AriaRole.BUTTON, named("Create tenant")).click();
		Locator email = this.page.getByLabel("First tenant admin email (optional)");
		assertThat(email).hasAttribute("aria-invalid", "true");
		assertThat(this.page.locator("#adminEmail-error")).containsText("valid email address");
		assertThat(email).hasValue("not-an-email");
		assertThat(slug).not().hasAttribute("aria-invalid", "true");
		// nothing half-written: no tenant without its admin
		assertThat(this.tenants.list(TwoTenants.platform(), fresh, Pageable.ofSize(5)).getTotalElements()).isZero();
	}

	private void acceptInvitation(Page visitor, String link, String tenantName, String role, String name) {
		visitor.navigate(link);
		assertThat(heading(visitor)).hasText("Join " + tenantName);
		assertThat(visitor.locator("main")).containsText("as " + role);
		visitor.getByLabel("Your name").fill(name);
		visitor.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("first-admin-password-1");
		visitor.getByLabel("Password again").fill("first-admin-password-1");
		visitor.getByRole(AriaRole.BUTTON, named("Accept invitation")).click();
		assertThat(visitor).hasURL(Pattern.compile(".*/login.*"));
		assertThat(visitor.getByRole(AriaRole.STATUS).first()).containsText("Welcome to " + tenantName);
	}

	private static Page.GetByRoleOptions named(String name) {
		return new Page.GetByRoleOptions().setName(name).setExact(true);
	}

}
