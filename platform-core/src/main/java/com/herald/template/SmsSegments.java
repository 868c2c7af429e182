package com.herald.template;

/**
 * What an SMS body costs to send: its encoding, its length and how many segments (billed
 * message parts) it takes.
 * <p>
 * A body stays in GSM-7 when every character is in the GSM 03.38 basic table or its
 * extension table; an extension character ({@code € [ ] { } \ ^ ~ |} and form feed) is an
 * escape pair and counts two septets. Anything else (an emoji, a curly quote, most
 * non-Latin scripts) turns the whole body into UCS-2, where a character outside the Basic
 * Multilingual Plane is a surrogate pair of two code units. A body longer than one
 * message is split into parts of 153 septets or 67 code units, and a part never ends in
 * the middle of an escape pair or a surrogate pair: such a character moves whole to the
 * next part, leaving a unit unused, as handsets and carriers do.
 *
 * @param encoding GSM-7 or UCS-2
 * @param characters the characters (Unicode code points) of the body
 * @param units septets (GSM-7) or UTF-16 code units (UCS-2) the body takes
 * @param segments how many parts are sent and billed; 0 for an empty body
 * @param remaining units still free in the last part before another is needed
 */
public record SmsSegments(SmsEncoding encoding, int characters, int units, int segments, int remaining) {

	// GSM 03.38 basic table without ESC (0x1B), in table order.
	private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
			+ "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

	// The extension table: each is sent as ESC + one septet.
	private static final String EXTENDED = "\f^{}\\[~]|€";

	/** Counts a body. */
	public static SmsSegments of(CharSequence body) {
		String text = body.toString();
		boolean gsm = text.codePoints().allMatch(SmsSegments::isGsm);
		SmsEncoding encoding = gsm ? SmsEncoding.GSM_7 : SmsEncoding.UCS_2;
		int units = 0;
		int parts = 0;
		int filled = 0;
		for (int i = 0; i < text.length();) {
			int codePoint = text.codePointAt(i);
			int width = gsm ? ((EXTENDED.indexOf(codePoint) >= 0) ? 2 : 1) : Character.charCount(codePoint);
			units += width;
			// pack parts of a concatenated message; a character never straddles two
			if (parts == 0 || filled + width > encoding.perPart()) {
				parts++;
				filled = width;
			}
			else {
				filled += width;
			}
			i += Character.charCount(codePoint);
		}
		int characters = text.codePointCount(0, text.length());
		if (units == 0) {
			return new SmsSegments(encoding, 0, 0, 0, encoding.single());
		}
		if (units <= encoding.single()) {
			return new SmsSegments(encoding, characters, units, 1, encoding.single() - units);
		}
		return new SmsSegments(encoding, characters, units, parts, encoding.perPart() - filled);
	}

	/** Whether a character can be sent in GSM-7 (basic or extension table). */
	public static boolean isGsm(int codePoint) {
		return codePoint < Character.MIN_SUPPLEMENTARY_CODE_POINT
				&& (BASIC.indexOf(codePoint) >= 0 || EXTENDED.indexOf(codePoint) >= 0);
	}

}
