package com.herald.web.imports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.contact.ContactFixtures;
import com.herald.support.HeraldBrowserTest;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant admin uploads a CSV file, maps its columns with the preview in view, starts
 * the import, watches the progress bar reach 100% without reloading, and downloads the
 * rejected rows with their reasons.
 */
@HeraldWebTest
class ImportBrowserTests extends HeraldBrowserTest {

	private static final int ROWS = 6_000;

	private static final Page.GetByLabelOptions EXACT = new Page.GetByLabelOptions().setExact(true);

	@Autowired
	TenancyFixtures tenancy;

	@Test
	void uploadsMapsWatchesTheProgressAndDownloadsTheRejects() throws IOException {
		TwoTenants two = this.tenancy.twoTenants();
		String token = ContactFixtures.token();
		Path file = Files.createTempFile("people-", ".csv");
		StringBuilder csv = new StringBuilder("Email,Mobile,First name,Spent\n");
		for (int i = 0; i < ROWS; i++) {
			String phone = (i % 100 == 5) ? "12345" : "+1 917 " + (2_000_000 + i);
			csv.append("p")
				.append(i)
				.append('.')
				.append(token)
				.append("@example.test,")
				.append(phone)
				.append(",Ann")
				.append(i)
				.append(',')
				.append(i % 50)
				.append('\n');
		}
		Files.writeString(file, csv, StandardCharsets.UTF_8);

		signIn(two.a().adminEmail(), TwoTenants.PASSWORD);
		navLink(this.page, "Imports").click();
		assertThat(heading(this.page)).hasText("Contact imports");
		this.page.getByLabel("CSV file", EXACT).setInputFiles(file);
		this.page.getByLabel("Store", EXACT).selectOption(two.a().storeOne().getId().toString());
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload and map columns")).click();

		assertThat(heading(this.page)).hasText("Import of " + file.getFileName());
		assertThat(this.page.getByText(ROWS + " rows, 4 columns")).isVisible();
		assertThat(this.page.getByText("p0." + token + "@example.test")).isVisible();
		assertThat(this.page.getByLabel("Import Email as")).hasValue("email");
		assertThat(this.page.getByLabel("Import Mobile as")).hasValue("phone");
		this.page.getByLabel("Import Spent as").selectOption("attribute");
		assertThat(this.page.getByLabel("Attribute name for Spent")).hasValue("spent");
		this.page.getByLabel("Attribute type for Spent").selectOption("number");
		this.page.getByLabel("Update the contact with the row's values").check();
		this.page.getByLabel("Consent source and wording").fill("in-store sign-up form, 2025");
		this.page.getByLabel("SMS", EXACT).check();
		this.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start import")).click();

		assertThat(this.page.getByRole(AriaRole.STATUS).first()).containsText("The import has started");
		// the page is not reloaded: htmx swaps the progress in until it reads 100%
		assertThat(this.page.locator("#progress .percent")).hasText("100%",
				new LocatorAssertions.HasTextOptions().setTimeout(90_000));
		assertThat(this.page.locator("#progress label")).containsText("Done: " + ROWS + " of " + ROWS + " rows");
		assertThat(this.page.locator("[data-count=created]")).hasText(String.valueOf(ROWS - ROWS / 100));
		assertThat(this.page.locator("[data-count=failed]")).hasText(String.valueOf(ROWS / 100));

		Download download = this.page.waitForDownload(() -> this.page
			.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download the rejected rows (CSV)"))
			.click());
		String rejects = Files.readString(download.path(), StandardCharsets.UTF_8);
		assertThat(rejects.lines()).hasSize(1 + ROWS / 100);
		assertThat(rejects).startsWith("line,reason,Email,Mobile,First name,Spent")
			.contains("7,\"bad phone: Enter a valid phone number, like +1 201 555 0123\",p5." + token
					+ "@example.test,12345,Ann5,5");

		navLink(this.page, "Imports").click();
		assertThat(
				this.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(file.getFileName().toString())))
			.isVisible();
		Files.deleteIfExists(file);
	}

}
