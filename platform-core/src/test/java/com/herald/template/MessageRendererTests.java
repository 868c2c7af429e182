package com.herald.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

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
