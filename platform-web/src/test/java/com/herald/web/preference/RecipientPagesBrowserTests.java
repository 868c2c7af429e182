package com.herald.web.preference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.broadcast.BroadcastFixtures;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.consent.ContactPreferences;
import com.herald.consent.MessagingSettings;
import com.herald.consent.PreferenceService;
import com.herald.consent.QuietHours;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.preference.BrandingService;
import com.herald.preference.BrandingSettings;
import com.herald.preference.PreferenceLinks;
import com.herald.support.HeraldBrowserTest;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.UserAccountService;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recipient's way through the public pages in a real browser, in English and Spanish,
 * on a desktop and at phone width (375 px): the unsubscribe confirmation, the done page,
 * the preference page and its changes. axe-core checks every page for accessibility
 * violations (WCAG 2.1 A and AA and best practices) and must find none.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecipientPagesBrowserTests extends HeraldBrowserTest {

	private static final String AXE = axeSource();

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	ConsentService consent;

	@Autowired
	PreferenceService preferences;

	@Autowired
	BrandingService branding;

	@Autowired
	PreferenceLinks links;

	TenantId tenant;

	Actor admin;

	@BeforeAll
	void createBrandedTenant() {
		var two = this.tenancy.twoTenants();
		this.tenant = two.a().id();
		this.admin = two.a().admin(this.accounts);
		this.branding.update(this.admin, new BrandingSettings("Salón Aurora", null, "#f5c518"));
		this.preferences.updateSettings(this.admin,
				new MessagingSettings(null, List.of("promotional", "transactional", "new_arrivals")));
	}

	@ParameterizedTest(name = "{0} at {1} px")
	@CsvSource({
			"en-US, 1280, Unsubscribe, You are unsubscribed, Manage your preferences, Save choices, Your choices are saved.",
			"es-ES, 375, Darme de baja, Te has dado de baja, Gestionar tus preferencias, Guardar, Hemos guardado lo que has elegido." })
	void unsubscribesAndManagesPreferencesWithoutAccessibilityViolations(String locale, int width, String confirm,
			String done, String manage, String save, String saved) {
		Contact contact = this.fixtures.optedIn(this.admin, BroadcastFixtures.tag(), ContactFixtures.person());
		this.consent.record(this.admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Email me", null, null);
		Page recipient = recipientPage(locale, width);

		recipient.navigate(local(this.links.unsubscribe(this.tenant, contact.getId(), Channel.EMAIL, null)));
		assertThat(recipient.locator(".brand-name")).hasText("Salón Aurora");
		assertNoViolations(recipient, "unsubscribe confirmation");
		assertThat(this.consent.status(this.tenant, contact.getId(), Channel.EMAIL)).as("opening the page")
			.isEqualTo(ConsentStatus.OPTED_IN);

		recipient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(confirm).setExact(true)).click();
		assertThat(recipient.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText(done);
		assertNoViolations(recipient, "done page");
		assertThat(this.consent.status(this.tenant, contact.getId(), Channel.EMAIL)).isEqualTo(ConsentStatus.OPTED_OUT);

		recipient.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(manage)).click();
		assertThat(recipient.locator("#channel-email")).isVisible();
		assertNoViolations(recipient, "preference page");
		assertThat(recipient.locator("#channel-sms")).containsText("•••");
		assertThat(recipient.locator("#channel-sms")).not().containsText(contact.getPhone());

		// untick new arrivals by text message, keep offers
		recipient.locator("#choice-sms-new_arrivals").uncheck();
		recipient.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(save).setExact(true)).click();
		assertThat(recipient.getByRole(AriaRole.STATUS)).hasText(saved);
		assertNoViolations(recipient, "preference page after saving");
		ContactPreferences stored = this.preferences.get(this.admin, contact.getId());
		assertThat(stored.choice(Channel.SMS, "new_arrivals")).contains(false);
		assertThat(stored.choice(Channel.SMS, "promotional")).isEmpty();

		recipient.locator("#quiet-start").fill("21:30");
		recipient.locator("#quiet-end").fill("07:15");
		recipient.locator("form.quiet button").click();
		assertThat(recipient.getByRole(AriaRole.STATUS)).isVisible();
		assertThat(this.preferences.get(this.admin, contact.getId()).quietHours())
			.isEqualTo(new QuietHours(LocalTime.of(21, 30), LocalTime.of(7, 15)));

		recipient.locator("#pause-60").check();
		recipient.locator("form[action$='/pause'] button").click();
		assertThat(recipient.locator("form[action$='/resume']")).isVisible();
		assertNoViolations(recipient, "paused preference page");
		assertThat(this.preferences.get(this.admin, contact.getId()).pausedUntil())
			.isAfter(Instant.now().plus(java.time.Duration.ofDays(59)));

		recipient.locator("form[action$='/resubscribe']:has(input[value='email']) button").click();
		assertThat(recipient.getByRole(AriaRole.STATUS)).isVisible();
		assertThat(this.consent.status(this.tenant, contact.getId(), Channel.EMAIL)).isEqualTo(ConsentStatus.OPTED_IN);
		assertThat(this.consent.history(this.admin, contact.getId()).get(0).wording()).contains("Salón Aurora");

		Object fits = recipient.evaluate("document.documentElement.scrollWidth <= window.innerWidth");
		assertThat(fits).as("nothing sticks out sideways at %d px", width).isEqualTo(true);
		recipient.screenshot(new Page.ScreenshotOptions()
			.setPath(SCREENSHOTS.resolve("preferences-" + locale + "-" + width + ".png"))
			.setFullPage(true));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "en-US, This link does not work", "es-ES, Este enlace no funciona" })
	void aBrokenLinkGetsAnAccessibleFriendlyPage(String locale, String heading) {
		Page recipient = recipientPage(locale, 375);
		allowConsoleError("400");

		recipient.navigate(url("/p/AQnot-a-real-link"));

		assertThat(recipient.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText(heading);
		assertNoViolations(recipient, "broken link page");
	}

	/**
	 * A browser context of its own: the recipient's language and screen, and page scripts
	 * allowed past the CSP so axe-core can be injected.
	 */
	private Page recipientPage(String locale, int width) {
		Browser browser = this.page.context().browser();
		BrowserContext context = browser.newContext(
				new Browser.NewContextOptions().setLocale(locale).setViewportSize(width, 900).setBypassCSP(true));
		this.context.onClose((closed) -> context.close());
		return context.newPage();
	}

	private static void assertNoViolations(Page on, String what) {
		on.waitForLoadState();
		if (!Boolean.TRUE.equals(on.evaluate("() => typeof window.axe !== 'undefined'"))) {
			on.addScriptTag(new Page.AddScriptTagOptions().setContent(AXE));
		}
		Object violations = on.evaluate("""
				async () => {
				  const result = await axe.run(document, { runOnly: { type: 'tag',
				      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
				  return result.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
				}""");
		assertThat((List<?>) violations).as("axe-core violations on the %s", what).isEmpty();
	}

	private String local(String link) {
		return link.replace(com.herald.support.StandIns.PUBLIC_URL, url(""));
	}

	private static String axeSource() {
		String path = "META-INF/resources/webjars/axe-core/" + axeVersion() + "/axe.min.js";
		try (InputStream in = RecipientPagesBrowserTests.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException("axe-core is not on the test classpath at " + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String axeVersion() {
		try (InputStream in = RecipientPagesBrowserTests.class.getClassLoader()
			.getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
			java.util.Properties properties = new java.util.Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
		catch (IOException | NullPointerException ex) {
			throw new IllegalStateException("axe-core's webjar is missing", ex);
		}
	}

}
