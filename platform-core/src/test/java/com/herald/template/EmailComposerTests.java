package com.herald.template;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.herald.tenancy.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EmailComposerTests {

	private static final String UNSUBSCRIBE = "https://herald.example/u/TOKEN-1";

	private static final String PREFERENCES = "https://herald.example/p/TOKEN-2";

	private static final String ADDRESS = "Downtown, 1 Main St, Austin, TX 78701, US";

	private final EmailComposer composer = new EmailComposer(new MessageRenderer());

	private final Map<String, Object> ana = Map.of("contact",
			Map.of("first_name", "Ana", "attributes", Map.of("note", "<b onclick=\"x()\">bold</b>")), "store",
			Map.of("name", "Downtown"));

	@Test
	void promotionalEmailGetsTheUnsubscribeLinkAndThePostalAddress() {
		RenderedEmail email = render(
				"<p>Hi {{ contact.first_name }}, see <a href=\"https://shop.example\">our sale</a>" + "</p>",
				"promotional");

		assertThat(email.subject()).isEqualTo("Deals for Ana");
		assertThat(email.html()).contains("<p>Hi Ana, see", "<a href=\"" + UNSUBSCRIBE + "\">Unsubscribe</a>",
				"<a href=\"" + PREFERENCES + "\">Email preferences</a>", ADDRESS);
		assertThat(email.html()).startsWith("<!DOCTYPE html>");
		assertThat(email.text()).isEqualTo("Hi Ana, see our sale (https://shop.example)\n\n--\nUnsubscribe: "
				+ UNSUBSCRIBE + "\nEmail preferences: " + PREFERENCES + "\n" + ADDRESS);
	}

	@Test
	void anAuthorsOwnUnsubscribeLinkIsNotRepeatedButTheAddressStillIs() {
		RenderedEmail email = render("<p>Hi</p><p><a href=\"{{ unsubscribe_url }}\">Stop these emails</a></p>",
				"promotional");

		assertThat(email.html()).contains("<a href=\"" + UNSUBSCRIBE + "\">Stop these emails</a>", ADDRESS)
			.doesNotContain(">Unsubscribe</a>");
		assertThat(email.text()).contains("Stop these emails (" + UNSUBSCRIBE + ")").endsWith(ADDRESS);
	}

	@Test
	void transactionalEmailHasNoFooter() {
		RenderedEmail email = render("<p>Your order shipped</p>", "transactional");

		assertThat(email.html()).doesNotContain(UNSUBSCRIBE, ADDRESS);
		assertThat(email.text()).isEqualTo("Your order shipped");
	}

	@Test
	void contactDataIsEscapedInsideHtmlAndThePreheaderIsHiddenUpFront() {
		RenderedEmail email = render("<p>{{ contact.attributes.note }}</p>", "transactional");

		assertThat(email.html()).contains("&lt;b onclick&#61;&#34;x()&#34;&gt;bold&lt;/b&gt;")
			.doesNotContain("<b onclick");
		assertThat(email.preheader()).isEqualTo("Only today, Ana");
		assertThat(email.html()).contains("<body><div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all\">"
				+ "Only today, Ana</div><p>");
		assertThat(email.text()).doesNotContain("Only today");
	}

	@Test
	void whatLiquidRendersIsSanitizedAgain() {
		RenderedEmail email = render("<a href=\"{{ contact.attributes.link }}\">Go</a>", "transactional",
				Map.of("contact", Map.of("attributes", Map.of("link", "javascript:alert(1)"))));

		// the link goes, its text stays
		assertThat(email.html()).doesNotContain("javascript", "<a ").contains(">Go</body>");
	}

	@Test
	void checkReportsEachBadPartBeforeSaving() {
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.composer.check("email.", " ", "Hi {{ contact.frist_name }}", "<p>{% if x %}</p>"))
			.satisfies((ex) -> {
				assertThat(ex.getFieldErrors()).containsOnlyKeys("email.subject", "email.preheader", "email.html");
				assertThat(ex.getFieldErrors().get("email.preheader"))
					.contains("did you mean {{ contact.first_name }}");
				assertThat(ex.getFieldErrors().get("email.html")).contains("Syntax error");
			});
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.composer.check("", "Hi", null, "<script>alert(1)</script>"))
			.satisfies((ex) -> assertThat(ex.getFieldErrors().get("html")).contains("Nothing is left"));

		EmailContent clean = this.composer.check("", "  Hi {{ contact.first_name }} ", " ",
				"<p onclick=\"x()\">Hello <a href=\"{{ preferences_url }}\">prefs</a></p>");
		assertThat(clean).isEqualTo(new EmailContent("Hi {{ contact.first_name }}", null,
				"<p>Hello <a href=\"{{ preferences_url }}\">prefs</a></p>"));
	}

	private RenderedEmail render(String html, String category) {
		return render(html, category, this.ana);
	}

	private RenderedEmail render(String html, String category, Map<String, Object> variables) {
		EmailContent content = this.composer.check("", "Deals for {{ contact.first_name }}",
				"Only today, {{ contact.first_name }}", html);
		return this.composer.render(this.composer.compile(content), variables,
				new EmailFooter("promotional".equals(category), UNSUBSCRIBE, PREFERENCES, ADDRESS));
	}

}
