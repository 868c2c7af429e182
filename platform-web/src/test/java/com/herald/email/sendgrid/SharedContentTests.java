package com.herald.email.sendgrid;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Splitting rendered variants into a shared body and per-variant slots: every variant is
 * rebuilt exactly, and what differs is only what the rendering filled in.
 */
class SharedContentTests {

	private static final String TEMPLATE = """
			<html><body><table><tr><td><h1>Hello %s,</h1></td></tr>
			<tr><td><p>Our spring sale starts today. Everything in the %s store is 30%% off until Sunday.</p>
			<p><a href="https://shop.example/sale?c=%s">Shop the sale</a></p></td></tr>
			<tr><td><small>You get this because you signed up. <a href="https://herald.example/u/%s">Unsubscribe</a></small>
			</td></tr></table></body></html>""";

	@Test
	void keepsTheTemplateSharedAndOnlyWhatWasFilledInPerVariant() {
		List<String> variants = new ArrayList<>();
		String[] names = { "Ann", "Bob", "Christina-Marie", "Dee", "" };
		for (int i = 0; i < names.length; i++) {
			variants
				.add(TEMPLATE.formatted(names[i], (i % 2 == 0) ? "Downtown" : "Uptown", "c" + i, UUID.randomUUID()));
		}

		SharedContent shared = SharedContent.of(variants);

		for (int i = 0; i < variants.size(); i++) {
			assertThat(shared.rebuild(i)).isEqualTo(variants.get(i));
			int filledIn = String.join("", shared.values(i)).length();
			assertThat(filledIn).as("variant " + i + " carries only its own values").isLessThan(80);
		}
		assertThat(shared.body((slot) -> "")).contains("Our spring sale starts today", "Unsubscribe");
		assertThat(shared.slots()).isBetween(3, 8);
	}

	@Test
	void rebuildsVariantsThatShareNothingOrAreEmpty() {
		List<String> variants = List.of("completely different", "nothing alike at all here", "", "x");

		SharedContent shared = SharedContent.of(variants);

		for (int i = 0; i < variants.size(); i++) {
			assertThat(shared.rebuild(i)).isEqualTo(variants.get(i));
		}
	}

	@Test
	void rebuildsRandomEditsOfAText() {
		Random random = new Random(20261204);
		String base = TEMPLATE.repeat(3);
		for (int round = 0; round < 50; round++) {
			List<String> variants = new ArrayList<>();
			for (int v = 0; v < 1 + random.nextInt(12); v++) {
				StringBuilder edited = new StringBuilder(base);
				for (int edit = 0; edit < random.nextInt(6); edit++) {
					int at = random.nextInt(edited.length());
					int length = Math.min(edited.length() - at, random.nextInt(40));
					String insert = Long.toString(random.nextLong(), 36).repeat(random.nextInt(3));
					edited.replace(at, at + length, insert);
				}
				variants.add(edited.toString());
			}

			SharedContent shared = SharedContent.of(variants);

			for (int i = 0; i < variants.size(); i++) {
				assertThat(shared.rebuild(i)).as("round " + round + " variant " + i).isEqualTo(variants.get(i));
			}
		}
	}

}
