package com.herald.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import liqp.TemplateParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.herald.tenancy.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MessageRendererTests {

	private final MessageRenderer renderer = new MessageRenderer();

	private final Map<String, Object> ana = Map.of("contact",
			Map.of("first_name", "Ana", "attributes", Map.of("market", "Austin")), "store", Map.of("name", "Downtown"),
			"opt_out", "Reply STOP to opt out");

	@Test
	void rendersContactAttributeAndStoreFields() {
		CompiledTemplate template = this.renderer.compile("body",
				"Hi {{ contact.first_name }} from {{ store.name }} in {{ contact.attributes.market }}. {{ opt_out }}");
		assertThat(this.renderer.render(template, this.ana))
			.isEqualTo("Hi Ana from Downtown in Austin. Reply STOP to opt out");
	}

	@Test
	void oneTemplateRenderedFromManyThreadsAtOnceGivesEachRecipientTheirOwnMessage() throws Exception {
		CompiledTemplate template = this.renderer.compile("body", "Hi {{ contact.first_name }}, see you soon");
		List<Future<String>> renders = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < 400; i++) {
				Map<String, Object> variables = Map.of("contact", Map.of("first_name", "Name" + i));
				renders.add(threads.submit(() -> this.renderer.render(template, variables)));
			}
		}
		for (int i = 0; i < 400; i++) {
			assertThat(renders.get(i).get()).isEqualTo("Hi Name" + i + ", see you soon");
		}
	}

	/**
	 * Long literal text is hoisted out of the parsed template (liqp re-reads every
	 * literal on each render); what renders must be exactly what liqp renders from the
	 * source as written, whitespace control, loops, raw blocks and quoted braces
	 * included.
	 */
	@ParameterizedTest
	@ValueSource(strings = {
			"<h1>Spring sale</h1><p>Hello {{ contact.first_name }}, our spring sale starts today. Everything is 20% off until Sunday.</p>",
			"<p>Dear customer, we're glad you're here and it's our pleasure to welcome you</p>   \n  {{- contact.first_name -}}  \n   <p>and now a long closing paragraph that is long enough to be hoisted out too</p>",
			"{% for i in (1..3) %}<li>An item of the list that repeats with a long description {{ i }}</li>\n{% endfor %}",
			"{% if contact.first_name == 'Ana' %}A long greeting only Ana should see, long enough to be hoisted{% else %}Another long greeting for everyone else, long enough to be hoisted{% endif %}",
			"{% capture note %}A long captured note that comes back later, long enough to be hoisted out{% endcapture %}{{ note | upcase }}",
			"{% raw %}{{ not liquid }} and a long run of literal text inside a raw block that must stay{% endraw %} {{ contact.first_name }}",
			"{{ \"a}}b\" }} then a long run of literal text after a quoted brace that would confuse a scanner {{ contact.first_name }}",
			"{% comment %}a long comment that nobody reads and that is long enough to be hoisted{% endcomment %}Hi {{ contact.first_name }}" })
	void longLiteralTextRendersExactlyAsLiquidWouldRenderTheSource(String source) {
		TemplateParser liquid = new TemplateParser.Builder().withErrorMode(TemplateParser.ErrorMode.STRICT)
			.withStrictVariables(false)
			.build();
		assertThat(this.renderer.render(this.renderer.compile("body", source), this.ana))
			.isEqualTo(liquid.parse(source).render(this.ana));
	}

	@Test
	void longLiteralTextIsHoistedButNotFromRawBlocks() {
		String paragraph = "<p>" + "Everything is 20% off until Sunday. ".repeat(3) + "</p>";
		assertThat(this.renderer.compile("body", paragraph + "{{ contact.first_name }}").literals())
			.containsExactly(Map.entry("__herald_literal_0", paragraph));
		assertThat(this.renderer.compile("body", "{% raw %}" + paragraph + "{% endraw %}{{ contact.first_name }}")
			.literals()).isEmpty();
	}

	@Test
	void missingValueFallsBackToDefault() {
		CompiledTemplate template = this.renderer.compile("body", "Hi {{ contact.first_name | default: \"there\" }}!");
		assertThat(this.renderer.render(template, Map.of("contact", Map.of()))).isEqualTo("Hi there!");
	}

	@Test
	void plainTextRendersAsItself() {
		CompiledTemplate template = this.renderer.compile("body", "20% off today only");
		assertThat(this.renderer.render(template, Map.of())).isEqualTo("20% off today only");
	}

	@Test
	void syntaxErrorNamesLineAndField() {
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.renderer.compile("body", "Hi\n{% if contact.first_name %}no end"))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsKey("body"))
			.satisfies((ex) -> assertThat(ex.getFieldErrors().get("body")).contains("line"));
	}

	@Test
	void unknownVariableIsFound() {
		CompiledTemplate typo = this.renderer.compile("body", "Hi {{ contact.frist_name }}");
		assertThat(this.renderer.unknownVariable(typo, this.ana)).contains("contact.frist_name");
		CompiledTemplate fine = this.renderer.compile("body", "Hi {{ contact.first_name }}");
		assertThat(this.renderer.unknownVariable(fine, this.ana)).isEmpty();
	}

	@Test
	void oneRecipientsDataThatBreaksOrOverrunsTheRenderFailsThatRenderWithAClearErrorOnly() {
		// a 50 ms limit: 40 rounds of splitting and joining 60,000 characters take longer
		// even on a fast machine
		MessageRenderer limited = new MessageRenderer(50);
		CompiledTemplate template = limited.compile("body",
				"{% for i in (1..contact.attributes.n) %}{{ contact.attributes.blob | split: \"\" | join: \"-\" "
						+ "| size }}{% endfor %}");
		assertThat(limited.render(template, Map.of("contact", Map.of("attributes", Map.of("n", 2))))).isEqualTo("00");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> limited.render(template,
					Map.of("contact", Map.of("attributes", Map.of("n", 40, "blob", "ab".repeat(30_000))))))
			.withMessage("Rendering took longer than 50 ms");
		// the template still renders for everyone else
		assertThat(limited.render(template, Map.of("contact", Map.of("attributes", Map.of("n", 1))))).isEqualTo("0");

		CompiledTemplate division = limited.compile("body", "{{ 10 | divided_by: contact.attributes.d }}");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> limited.render(division, Map.of("contact", Map.of("attributes", Map.of("d", 0)))))
			.withMessageStartingWith("Liquid error: ");
		assertThat(limited.render(division, Map.of("contact", Map.of("attributes", Map.of("d", 2))))).isEqualTo("5");
	}

	@Test
	void hugeTemplateIsRefused() {
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.renderer.compile("body", "x".repeat(MessageRenderer.MAX_TEMPLATE_BYTES + 1)));
	}

}
