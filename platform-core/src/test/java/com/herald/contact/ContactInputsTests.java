package com.herald.contact;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.herald.tenancy.InvalidInputException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContactInputsTests {

	@Test
	void lowercasesAndChecksEmails() {
		assertThat(ContactInputs.email("email", "  Ann.Smith@Example.COM ")).isEqualTo("ann.smith@example.com");
		assertThat(ContactInputs.optionalEmail("email", " ")).isNull();
		for (String bad : List.of("ann", "ann@", "@example.com", "ann@example", "a b@example.com", "ann@@example.com",
				"ann@example.com\u0000")) {
			assertThatThrownBy(() -> ContactInputs.email("email", bad)).as(bad)
				.isInstanceOf(InvalidInputException.class);
		}
	}

	@Test
	void acceptsBcp47LocalesInCanonicalForm() {
		assertThat(ContactInputs.locale("locale", "en-us")).isEqualTo("en-US");
		assertThat(ContactInputs.locale("locale", "es")).isEqualTo("es");
		assertThat(ContactInputs.locale("locale", "zh-Hant-TW")).isEqualTo("zh-Hant-TW");
		assertThat(ContactInputs.locale("locale", "es-419")).isEqualTo("es-419");
		assertThat(ContactInputs.locale("locale", "fil")).isEqualTo("fil");
		assertThat(ContactInputs.locale("locale", "")).isNull();
		for (String bad : List.of("english", "en_US", "e", "123", "en-", "-US", "xx-US", "en-XX", "und")) {
			assertThatThrownBy(() -> ContactInputs.locale("locale", bad)).as(bad)
				.isInstanceOf(InvalidInputException.class);
		}
	}

	@Test
	void acceptsIanaZonesOnly() {
		assertThat(ContactInputs.timezone("timezone", "america/new_york")).isEqualTo(ZoneId.of("America/New_York"));
		assertThat(ContactInputs.timezone("timezone", "Europe/Madrid")).isEqualTo(ZoneId.of("Europe/Madrid"));
		for (String bad : List.of("+02:00", "EST5EDT1", "Mars/Olympus", "UTC+1", "../etc/passwd")) {
			assertThatThrownBy(() -> ContactInputs.timezone("timezone", bad)).as(bad)
				.isInstanceOf(InvalidInputException.class);
		}
	}

	@Test
	void checksAttributeKeysAndValues() {
		Map<String, Object> good = new HashMap<>();
		good.put("lead_source", "facebook");
		good.put("total_spent", new BigDecimal("120.50"));
		good.put("visit_count", 3);
		good.put("vip", true);
		good.put("stale", null);
		assertThat(ContactInputs.attributes("attributes", good)).containsAllEntriesOf(good);
		for (String key : List.of("Lead", "1st", "lead-source", "_x", "a".repeat(64), "")) {
			assertThatThrownBy(() -> ContactInputs.attributes("attributes", Map.of(key, "x"))).as(key)
				.isInstanceOf(InvalidInputException.class);
		}
		for (Object value : List.of(List.of("a"), Map.of("a", 1), Double.NaN, new BigDecimal("1e200"),
				"x".repeat(2001))) {
			assertThatThrownBy(() -> ContactInputs.attributes("attributes", Map.of("key", value)))
				.isInstanceOf(InvalidInputException.class)
				.satisfies((ex) -> assertThat(((InvalidInputException) ex).getFieldErrors())
					.containsOnlyKeys("attributes.key"));
		}
	}

	@Test
	void trimsLowercasesAndDeduplicatesTags() {
		assertThat(ContactInputs.tags("tags", List.of(" VIP ", "vip", "Newsletter"))).containsExactly("newsletter",
				"vip");
		assertThat(ContactInputs.tags("tags", List.of("x".repeat(64)))).hasSize(1);
		for (String bad : Arrays.asList("", "  ", "x".repeat(65), "a,b", "line\nbreak", null)) {
			assertThatThrownBy(() -> ContactInputs.tags("tags", Arrays.asList(bad))).as(String.valueOf(bad))
				.isInstanceOf(InvalidInputException.class);
		}
	}

	/**
	 * Property: whatever the text, the validators and the phone normaliser either return
	 * a value or throw InvalidInputException, never anything else.
	 */
	@Test
	void throwsNothingButInvalidInputOnArbitraryText() {
		Random random = new Random(20261122L);
		List<Consumer<String>> validators = List.of((s) -> PhoneNumbers.toE164(s, "US"),
				(s) -> PhoneNumbers.toE164(s, s), (s) -> PhoneNumbers.toE164(s, null), (s) -> PhoneNumbers.timeZones(s),
				(s) -> PhoneNumbers.region(s), (s) -> ContactInputs.email("e", s),
				(s) -> ContactInputs.optionalEmail("e", s), (s) -> ContactInputs.locale("l", s),
				(s) -> ContactInputs.timezone("t", s), (s) -> ContactInputs.text("t", s, 200),
				(s) -> ContactInputs.attributeKey("k", s), (s) -> ContactInputs.attributes("a", Map.of("key", s)),
				(s) -> ContactInputs.attributes("a", Map.of(s, 1)), (s) -> ContactInputs.tag("t", s),
				(s) -> ContactInputs.tags("t", List.of(s, s.toUpperCase())));
		for (int i = 0; i < 5_000; i++) {
			String input = randomText(random);
			for (Consumer<String> validator : validators) {
				try {
					validator.accept(input);
				}
				catch (InvalidInputException ex) {
					assertThat(ex.getFieldErrors()).isNotEmpty();
				}
				catch (RuntimeException ex) {
					throw new AssertionError("Threw " + ex + " for input " + escape(input), ex);
				}
			}
		}
	}

	/** Mostly text that looks like the real thing, sometimes pure noise. */
	private static String randomText(Random random) {
		String alphabet = switch (random.nextInt(6)) {
			case 0 -> "0123456789 +-().";
			case 1 -> "abcdefghijklmnopqrstuvwxyz@._-+";
			case 2 -> "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_/";
			case 3 -> "0123456789+ext.#*;,";
			case 4 -> "\u0000\t\n\r\u00e9\u00f1\u4e2d\ud83d\ude00\u0660\u0661\u200b\ufeff";
			default -> null;
		};
		int length = random.nextInt((random.nextInt(10) == 0) ? 400 : 30);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			if (alphabet == null) {
				text.append((char) random.nextInt(Character.MAX_VALUE + 1));
			}
			else {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
		}
		return text.toString();
	}

	private static String escape(String input) {
		StringBuilder escaped = new StringBuilder();
		input.chars().forEach((c) -> escaped.append((c < 32 || c > 126) ? String.format("\\u%04x", c) : (char) c));
		return escaped.toString();
	}

}
