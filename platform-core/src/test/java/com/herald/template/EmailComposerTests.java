package com.herald.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.owasp.html.HtmlSanitizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

	/** What contacts may hold, at their worst. */
	private static final List<String> HOSTILE = List.of("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
			"javascript:alert(1)", "{{ 7 | times: 7 }}", "a+b=c@d`e 'q'", "Zoë 💥 &amp; &nbsp; &#60;",
			"ctl\u0000\u0007\u000b\u007f\u0085\ufffe\ud800 end", "</p></li></ul><p>");

	/**
	 * A template whose Liquid can only render text (values escaped, in text, through
	 * filters that cannot make markup, blocks around balanced markup) is not sanitized
	 * again for each recipient; what it renders must be what sanitizing would have left,
	 * whatever a contact holds.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "<p>Hello {{ contact.first_name }}, our spring sale starts today. 20% off.</p>",
			"<p>{% for i in (1..2) %}<b>{{ contact.first_name | upcase }} {{ i }}</b> {% endfor %}</p>",
			"<p>{% if contact.first_name %}Hi {{ contact.first_name | truncate: 9 }}{% else %}Hi there{% endif %}</p>",
			"<p><a href=\"{{ unsubscribe_url }}\">Stop</a> {{ contact.attributes.note | default: \"none\" }}</p>",
			"<table><tr><td>{{ contact.first_name | append: ' & co' | remove: 'x' }}</td></tr></table>" })
	void aTemplateThatCanOnlyRenderTextIsNotSanitizedPerRecipientAndRendersAsIfItWere(String html) {
		EmailContent content = this.composer.check("", "Deals for {{ contact.first_name }}", null, html);
		EmailComposer.Compiled fast = this.composer.compile(content);
		EmailComposer.Compiled sanitized = new EmailComposer.Compiled(fast.subject(), fast.preheader(), fast.html(),
				false);
		// a literal & in the Liquid itself could start a reference: that one is sanitized
		assertThat(fast.withinPolicy()).isEqualTo(!html.contains("' & co'"));
		for (String value : HOSTILE) {
			Map<String, Object> variables = Map.of("contact",
					Map.of("first_name", value, "attributes", Map.of("note", value)));
			EmailFooter footer = new EmailFooter(true, UNSUBSCRIBE, PREFERENCES, ADDRESS);
			RenderedEmail once = this.composer.render(fast, variables, footer);
			RenderedEmail twice = this.composer.render(sanitized, variables, footer);
			assertThat(structure(once.html())).as(value).isEqualTo(structure(twice.html()));
			assertThat(once.text()).as(value).isEqualTo(twice.text());
			assertThat(once.html()).doesNotContain("<script", "<img", "onerror=", "href=\"javascript");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "<p><a href=\"{{ contact.attributes.note }}\">site</a></p>",
			"<p>{{ contact.first_name | url_decode }}</p>", "<p>{{ contact.first_name | append: \"<b>\" }}</p>",
			"<div>{% if contact.first_name %}<p>Hi{% endif %}</p></div>",
			"<p>{% include 'other' %}{{ contact.first_name }}</p>" })
	void aTemplateWhoseLiquidCouldRenderMarkupIsSanitizedForEachRecipient(String html) {
		assertThat(EmailHtml.rendersWithinPolicy(html)).isFalse();
	}

	@Test
	void htmlThatSavingWouldChangeIsSanitizedForEachRecipient() {
		assertThat(EmailHtml.rendersWithinPolicy("<p onclick=\"x()\">Hi {{ contact.first_name }}</p>")).isFalse();
		EmailComposer.Compiled raw = this.composer
			.compile(new EmailContent("Hi", null, "<p>Hi {{ contact.first_name }}</p><script>alert(1)</script>"));
		assertThat(raw.withinPolicy()).isFalse();
		assertThat(this.composer.render(raw, this.ana, new EmailFooter(false, null, null, null)).html())
			.doesNotContain("<script");
	}

	/**
	 * The elements, attributes and text (decoded, adjacent text joined) a reader sees.
	 */
	private static List<String> structure(String html) {
		List<String> events = new ArrayList<>();
		StringBuilder text = new StringBuilder();
		Runnable flush = () -> {
			if (!text.isEmpty()) {
				events.add(text.toString());
				text.setLength(0);
			}
		};
		HtmlSanitizer.sanitize(html, new HtmlSanitizer.Policy() {

			@Override
			public void openDocument() {
			}

			@Override
			public void closeDocument() {
				flush.run();
			}

			@Override
			public void openTag(String elementName, List<String> attrs) {
				flush.run();
				events.add("<" + elementName + " " + attrs);
			}

			@Override
			public void closeTag(String elementName) {
				flush.run();
				events.add("</" + elementName);
			}

			@Override
			public void text(String textChunk) {
				text.append(textChunk);
			}

		});
		return events;
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
