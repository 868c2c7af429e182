package com.herald.api.template;

import com.herald.template.SmsSegments;

/**
 * What a text costs as an SMS.
 *
 * @param encoding {@code GSM-7} or {@code UCS-2}
 * @param characters Unicode characters
 * @param units septets (GSM-7, extension characters count 2) or UTF-16 code units
 * @param segments billed parts
 * @param remaining units left in the last part
 */
public record SmsResponse(String encoding, int characters, int units, int segments, int remaining) {

	public static SmsResponse of(SmsSegments sms) {
		return new SmsResponse(sms.encoding().label(), sms.characters(), sms.units(), sms.segments(), sms.remaining());
	}

}
