package com.herald.template;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boundary cases, and random bodies (fixed seeds) checked against a reference written
 * here from the standard's tables: it encodes to real septets (with ESC bytes) or UTF-16
 * bytes and cuts the byte stream into parts, stepping back when a cut would split an
 * escape pair or a surrogate pair.
 */
class SmsSegmentsTests {

	@ParameterizedTest(name = "{0} GSM-7 characters: {1} segment(s)")
	@CsvSource({ "0, 0", "1, 1", "160, 1", "161, 2", "306, 2", "307, 3", "459, 3", "460, 4" })
	void gsmBoundaries(int length, int segments) {
		SmsSegments counted = SmsSegments.of("a".repeat(length));

		assertThat(counted.encoding()).isEqualTo(SmsEncoding.GSM_7);
		assertThat(counted.units()).isEqualTo(length);
		assertThat(counted.segments()).isEqualTo(segments);
	}

	@ParameterizedTest(name = "{0} UCS-2 characters: {1} segment(s)")
	@CsvSource({ "1, 1", "70, 1", "71, 2", "134, 2", "135, 3", "201, 3", "202, 4" })
	void ucs2Boundaries(int length, int segments) {
		SmsSegments counted = SmsSegments.of("ж".repeat(length));

		assertThat(counted.encoding()).isEqualTo(SmsEncoding.UCS_2);
		assertThat(counted.units()).isEqualTo(length);
		assertThat(counted.segments()).isEqualTo(segments);
	}

	@Test
	void extensionCharactersCountTwoSeptets() {
		SmsSegments euros = SmsSegments.of("€".repeat(80));
		SmsSegments oneOver = SmsSegments.of("€".repeat(80) + "a");

		assertThat(euros.encoding()).isEqualTo(SmsEncoding.GSM_7);
		assertThat(euros.characters()).isEqualTo(80);
		assertThat(euros.units()).isEqualTo(160);
		assertThat(euros.segments()).isEqualTo(1);
		assertThat(euros.remaining()).isZero();
		assertThat(oneOver.segments()).isEqualTo(2);
	}

	@Test
	void escapePairIsNeverSplit() {
		// 152 septets, then '{' needs 2: only 1 is left in part one, so it moves to part
		// two
		SmsSegments straddling = SmsSegments.of("a".repeat(152) + "{" + "a".repeat(10));
		// 153 + 153 septets exactly fill two parts when no pair straddles
		SmsSegments exact = SmsSegments.of("a".repeat(151) + "{" + "a".repeat(153));

		assertThat(straddling.units()).isEqualTo(164);
		assertThat(straddling.segments()).isEqualTo(2);
		assertThat(straddling.remaining()).isEqualTo(153 - 12);
		assertThat(exact.units()).isEqualTo(306);
		assertThat(exact.segments()).isEqualTo(2);
		assertThat(SmsSegments.of("a".repeat(152) + "{" + "a".repeat(152)).segments())
			.as("306 septets, but the pair moved: 152 + 154 does not fit in two parts")
			.isEqualTo(3);
	}

	@Test
	void emojiTurnsTheBodyIntoUcs2AndTakesTwoUnits() {
		SmsSegments plain = SmsSegments.of("Hi Ana, 20% off today");
		SmsSegments withEmoji = SmsSegments.of("Hi Ana, 20% off today 🎉");

		assertThat(plain.encoding()).isEqualTo(SmsEncoding.GSM_7);
		assertThat(withEmoji.encoding()).isEqualTo(SmsEncoding.UCS_2);
		assertThat(withEmoji.characters()).isEqualTo(23);
		assertThat(withEmoji.units()).isEqualTo(24);
		assertThat(SmsSegments.of("🎉".repeat(35)).segments()).isEqualTo(1);
		assertThat(SmsSegments.of("🎉".repeat(35) + "a").segments()).isEqualTo(2);
	}

	@Test
	void surrogatePairIsNeverSplit() {
		// 66 units then an emoji: only 1 unit left in part one, so the pair moves whole
		SmsSegments straddling = SmsSegments.of("ж".repeat(66) + "🎉" + "ж".repeat(66));
		SmsSegments fits = SmsSegments.of("ж".repeat(65) + "🎉" + "ж".repeat(67));

		assertThat(straddling.units()).isEqualTo(134);
		assertThat(straddling.segments()).isEqualTo(3);
		assertThat(fits.units()).isEqualTo(134);
		assertThat(fits.segments()).isEqualTo(2);
	}

	@Test
	void charactersOutsideGsmTurnTheBodyIntoUcs2() {
		assertThat(SmsSegments.of("It’s here").encoding()).as("curly apostrophe").isEqualTo(SmsEncoding.UCS_2);
		assertThat(SmsSegments.of("ç").encoding()).as("lowercase c cedilla is not in the table")
			.isEqualTo(SmsEncoding.UCS_2);
		assertThat(SmsSegments.of("Ç£¥èÆß¿¡ÄÖÑÜ§äöñüà@Δ_ΦΓΛΩΠΨΣΘΞ").encoding()).isEqualTo(SmsEncoding.GSM_7);
		assertThat(SmsSegments.of("`").encoding()).as("backtick").isEqualTo(SmsEncoding.UCS_2);
	}

	@Test
	void agreesWithTheReferenceOnRandomBodies() {
		Random random = new Random(20261204);
		List<String> pool = pool();
		for (int round = 0; round < 20_000; round++) {
			StringBuilder body = new StringBuilder();
			int length = random.nextInt(480);
			// most bodies stay in GSM-7 so both encodings get exercised
			boolean gsmOnly = random.nextInt(3) > 0;
			for (int i = 0; i < length; i++) {
				String piece = pool.get(random.nextInt(pool.size()));
				if (gsmOnly && !Reference.isGsm(piece)) {
					piece = "x";
				}
				body.append(piece);
			}
			String text = body.toString();
			SmsSegments counted = SmsSegments.of(text);
			Reference expected = Reference.of(text);

			assertThat(counted.encoding()).as(text).isEqualTo(expected.encoding);
			assertThat(counted.units()).as(text).isEqualTo(expected.units);
			assertThat(counted.segments()).as(text).isEqualTo(expected.segments);
			assertThat(counted.characters()).as(text).isEqualTo(text.codePointCount(0, text.length()));
		}
	}

	@Test
	void agreesWithTheReferenceNearEveryBoundary() {
		List<String> fillers = List.of("a", "€", "ж", "🎉");
		for (String filler : fillers) {
			for (String tail : List.of("", "a", "{", "ж", "😀")) {
				for (int n = 0; n < 330; n++) {
					String text = filler.repeat(n) + tail;
					SmsSegments counted = SmsSegments.of(text);
					Reference expected = Reference.of(text);
					assertThat(counted.segments()).as("%s x %d + %s", filler, n, tail).isEqualTo(expected.segments);
					assertThat(counted.units()).as("%s x %d + %s", filler, n, tail).isEqualTo(expected.units);
				}
			}
		}
	}

	private static List<String> pool() {
		List<String> pool = new ArrayList<>();
		for (char c : Reference.BASIC) {
			if (c != 0x1B) {
				pool.add(String.valueOf(c));
			}
		}
		for (char c : Reference.EXTENSION.toCharArray()) {
			pool.add(String.valueOf(c));
		}
		pool.addAll(List.of("ж", "’", "ç", "`", "中", "é", "🎉", "😀", "👍🏽", "\u00A0"));
		return pool;
	}

	/** The reference: real septet and UTF-16 byte streams, cut into parts. */
	private record Reference(SmsEncoding encoding, int units, int segments) {

		private static final int ESC = 0x1B;

		// GSM 03.38 default alphabet, indexed by septet value; 0x1B is the escape.
		static final char[] BASIC = ("@£$¥èéùìòÇ\nØø\rÅå" + "Δ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ" + " !\"#¤%&'()*+,-./"
				+ "0123456789:;<=>?" + "¡ABCDEFGHIJKLMNO" + "PQRSTUVWXYZÄÖÑÜ§" + "¿abcdefghijklmno"
				+ "pqrstuvwxyzäöñüà")
			.toCharArray();

		// the extension table: character and its septet after ESC
		static final String EXTENSION = "\f^{}\\[~]|€";

		private static final int[] EXTENSION_SEPTETS = { 0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65 };

		static boolean isGsm(String text) {
			return septets(text) != null;
		}

		static Reference of(String text) {
			byte[] septets = septets(text);
			if (septets != null) {
				return new Reference(SmsEncoding.GSM_7, septets.length, cut(septets, 1, 160, 153, true));
			}
			byte[] utf16 = text.getBytes(StandardCharsets.UTF_16BE);
			return new Reference(SmsEncoding.UCS_2, utf16.length / 2, cut(utf16, 2, 140, 134, false));
		}

		private static byte[] septets(String text) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			for (char c : text.toCharArray()) {
				int basic = -1;
				for (int i = 0; i < BASIC.length; i++) {
					if (BASIC[i] == c && i != ESC) {
						basic = i;
					}
				}
				if (basic >= 0) {
					out.write(basic);
					continue;
				}
				int extension = EXTENSION.indexOf(c);
				if (extension < 0) {
					return null;
				}
				out.write(ESC);
				out.write(EXTENSION_SEPTETS[extension]);
			}
			return out.toByteArray();
		}

		/**
		 * Parts of at most {@code perPart} bytes; a cut that would leave an ESC (GSM) or
		 * a high surrogate (UTF-16) at the end of a part moves back one unit.
		 */
		private static int cut(byte[] bytes, int unit, int single, int perPart, boolean gsm) {
			if (bytes.length == 0) {
				return 0;
			}
			if (bytes.length <= single) {
				return 1;
			}
			int parts = 0;
			int start = 0;
			while (start < bytes.length) {
				int end = Math.min(start + perPart, bytes.length);
				if (end < bytes.length) {
					boolean splitsPair = gsm ? isLoneEscape(bytes, start, end) : Character
						.isHighSurrogate((char) (((bytes[end - 2] & 0xFF) << 8) | (bytes[end - 1] & 0xFF)));
					if (splitsPair) {
						end -= unit;
					}
				}
				parts++;
				start = end;
			}
			return parts;
		}

		// an ESC at the end of a part is an escape's first half unless it is itself
		// escaped
		private static boolean isLoneEscape(byte[] septets, int start, int end) {
			int i = start;
			boolean lastIsEscape = false;
			while (i < end) {
				if (septets[i] == ESC) {
					lastIsEscape = (i == end - 1);
					i += 2;
				}
				else {
					lastIsEscape = false;
					i++;
				}
			}
			return lastIsEscape;
		}

	}

}
