package com.herald.sms;

import java.util.Optional;
import java.util.regex.Pattern;

import com.herald.consent.Channel;

/**
 * Address checks shared by the SMS providers: E.164, with {@code whatsapp:} for WhatsApp.
 */
public final class PhoneAddresses {

	private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

	private PhoneAddresses() {
	}

	public static Optional<String> validate(Channel channel, String address) {
		String number = address;
		if (channel == Channel.WHATSAPP) {
			if (!address.startsWith("whatsapp:")) {
				return Optional.of("A WhatsApp address starts with whatsapp:");
			}
			number = address.substring("whatsapp:".length());
		}
		return E164.matcher(number).matches() ? Optional.empty()
				: Optional.of("Not a phone number in international form (E.164), like +14155550100");
	}

}
