package com.herald.support;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

import org.springframework.boot.test.web.server.LocalServerPort;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base class of browser tests: a real Chromium ({@code /usr/bin/chromium}, headless)
 * driving Herald's pages. Combine it with {@link HeraldWebTest} on the test class (it
 * starts no Spring context of its own). One Playwright and one browser serve the whole
 * JVM; every test gets a fresh browser context (no cookies, no storage) and page, and
 * fails when the page logs a console error or throws, unless the test said it expects
 * that message ({@link #allowConsoleError}).
 */
@Tag("browser")
public abstract class HeraldBrowserTest {

	/** Where screenshots go: under target/, never committed. */
	protected static final Path SCREENSHOTS = Paths.get("target", "screenshots");

	@LocalServerPort
	protected int port;

	protected BrowserContext context;

	protected Page page;

	private final List<String> consoleErrors = new ArrayList<>();

	private final List<Predicate<String>> allowedErrors = new ArrayList<>();

	private final List<BrowserContext> extraContexts = new ArrayList<>();

	@BeforeEach
	void openPage() {
		this.context = newContext();
		this.page = this.context.newPage();
	}

	@AfterEach
	void closePageAndCheckConsole() {
		this.extraContexts.forEach(BrowserContext::close);
		this.extraContexts.clear();
		this.context.close();
		List<String> unexpected = this.consoleErrors.stream()
			.filter((message) -> this.allowedErrors.stream().noneMatch((allowed) -> allowed.test(message)))
			.toList();
		assertThat(unexpected).as("errors in the browser console").isEmpty();
	}

	/**
	 * Another browser context, as a second person on another computer would have; closed
	 * after the test.
	 */
	protected Page newVisitor() {
		BrowserContext other = newContext();
		this.extraContexts.add(other);
		return other.newPage();
	}

	/**
	 * Lets a console error that contains {@code fragment} pass (an expected 403, say).
	 */
	protected void allowConsoleError(String fragment) {
		this.allowedErrors.add((message) -> message.contains(fragment));
	}

	protected String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	/** Signs in through the form and waits for the page after it. */
	protected void signIn(Page on, String email, String password) {
		on.navigate(url("/login"));
		on.getByLabel("Email").fill(email);
		on.getByLabel("Password").fill(password);
		on.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
		assertThat(on).not().hasURL(Pattern.compile(".*/login.*"));
		awaitScripts(on);
	}

	/**
	 * Waits until the page's scripts (htmx, herald.js) are wired. A page is visible and
	 * clickable before its deferred scripts run; on a busy machine a click in between
	 * does nothing (the menu toggle) or loses typed text to a late focus change. Call it
	 * after asserting something of the new page, so it is not the previous page that is
	 * ready.
	 */
	protected static void awaitScripts(Page on) {
		assertThat(on.locator("html")).hasAttribute("data-ready", "true");
	}

	protected void signIn(String email, String password) {
		signIn(this.page, email, password);
	}

	/** A link of the main navigation, by its exact name. */
	protected static Locator navLink(Page on, String name) {
		return on.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
			.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name).setExact(true));
	}

	/** The page's main heading. */
	protected static Locator heading(Page on) {
		return on.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1));
	}

	private BrowserContext newContext() {
		BrowserContext created = Chromium.BROWSER.newContext(new Browser.NewContextOptions().setLocale("en-US"));
		// a page load on a CI runner at load 30+ once took over Playwright's 30 s default
		// (the first navigation of a class, right after the context started); a load is
		// not what the tests judge, and assertions keep their own timeout
		created.setDefaultNavigationTimeout(90_000);
		created.onPage(this::watch);
		return created;
	}

	private void watch(Page watched) {
		watched.onConsoleMessage((message) -> {
			if ("error".equals(message.type())) {
				this.consoleErrors.add(message.text() + " (at " + message.location() + ")");
			}
		});
		watched.onPageError((error) -> this.consoleErrors.add("uncaught: " + error));
	}

	/** The one browser of this JVM, started on first use and closed when the JVM ends. */
	private static final class Chromium {

		static final Playwright PLAYWRIGHT = Playwright
			.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));

		static final Browser BROWSER = PLAYWRIGHT.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(Paths.get("/usr/bin/chromium"))
				.setHeadless(true)
				.setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
						"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")));

		static {
			// CI shares two cores with the whole suite: give live updates time to land
			// before an assertion fails
			com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				BROWSER.close();
				PLAYWRIGHT.close();
			}));
		}

	}

}
