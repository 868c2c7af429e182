package com.herald.web;

import java.util.List;
import java.util.Set;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.support.HeraldBrowserTest;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NavigationBrowserTests extends HeraldBrowserTest {

	private static final List<String> ALL_ENTRIES = List.of("Tenants", "Super admins", "Contacts", "Imports", "Lists",
			"Segments", "SMS outbox", "SMS settings", "Templates", "SMS prices", "Broadcasts", "Stores", "Users",
			"API keys", "Audit log", "Platform audit", "Email outbox", "Email settings", "Branding");

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	StoreService stores;

	TwoTenants.TenantFixture fixture;

	@BeforeAll
	void createTenant() {
		this.fixture = this.tenancy.tenant();
	}

	@Test
	void showsEachRoleOnlyItsNavigation() {
		assertNavigation(HeraldWebTest.ROOT_EMAIL, HeraldWebTest.ROOT_PASSWORD,
				Set.of("Tenants", "Super admins", "Platform audit"));
		assertNavigation(this.fixture.adminEmail(), TwoTenants.PASSWORD,
				Set.of("Contacts", "Imports", "Lists", "Segments", "SMS outbox", "SMS settings", "Templates",
						"SMS prices", "Broadcasts", "Stores", "Users", "API keys", "Audit log", "Email outbox",
						"Email settings", "Branding"));
		assertNavigation(this.fixture.managerEmail(), TwoTenants.PASSWORD, Set.of("Contacts", "Imports", "Lists",
				"Segments", "SMS outbox", "Templates", "Broadcasts", "Stores", "Email outbox", "Email settings"));
		assertNavigation(this.fixture.complianceEmail(), TwoTenants.PASSWORD, Set.of("Contacts", "Lists", "Segments",
				"SMS outbox", "Templates", "Broadcasts", "Audit log", "Email outbox"));
	}

	@Test
	void showsAStoreManagerAClearPageForAnotherStore() {
		signIn(this.fixture.managerEmail(), TwoTenants.PASSWORD);
		navLink(this.page, "Stores").click();
		assertThat(this.page.locator("main table")).containsText(this.fixture.storeOne().getName());
		assertThat(this.page.locator("main table")).not().containsText(this.fixture.storeTwo().getName());

		allowConsoleError("403");
		Response response = this.page.navigate(url("/stores/" + this.fixture.storeTwo().getId()));
		assertThat(response.status()).isEqualTo(403);
		assertThat(heading(this.page)).hasText("You do not have access to this page");
		assertThat(this.page.locator("main")).containsText("ask your tenant admin");
		assertThat(this.page.locator("main")).not().containsText("Exception");
	}

	@Test
	void opensTheMenuWithTheToggleAtPhoneWidth() {
		this.page.setViewportSize(390, 844);
		signIn(this.fixture.adminEmail(), TwoTenants.PASSWORD);
		Locator menu = this.page.getByRole(AriaRole.BUTTON, exact("Menu"));
		Locator users = navLink(this.page, "Users");
		assertThat(users).isHidden();
		assertThat(menu).hasAttribute("aria-expanded", "false");

		menu.click();
		assertThat(menu).hasAttribute("aria-expanded", "true");
		assertThat(users).isVisible();
		users.click();
		assertThat(heading(this.page)).hasText("Users");
		awaitScripts(this.page);
		// nothing sticks out sideways at phone width, measured once the stylesheet has
		// applied (on a busy machine the heading can be in the DOM before it is)
		this.page.waitForLoadState(LoadState.LOAD);
		Object overflow = this.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth");
		assertThat(overflow).isEqualTo(true);
		// the screenshot shows the menu open over a page of tables
		menu.click();
		assertThat(navLink(this.page, "API keys")).isVisible();
		this.page
			.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("users-phone.png")).setFullPage(true));
	}

	private void assertNavigation(String email, String password, Set<String> expected) {
		Page visitor = newVisitor();
		signIn(visitor, email, password);
		for (String entry : ALL_ENTRIES) {
			Locator link = navLink(visitor, entry);
			if (expected.contains(entry)) {
				assertThat(link).isVisible();
			}
			else {
				assertThat(link).hasCount(0);
			}
		}
	}

	private static Page.GetByRoleOptions exact(String name) {
		return new Page.GetByRoleOptions().setName(name).setExact(true);
	}

}
