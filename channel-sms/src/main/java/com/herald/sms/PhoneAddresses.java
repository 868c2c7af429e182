package com.herald.sms;

import java.util.Optional;
import java.util.regex.Pattern;

import com.herald.consent.Channel;
import com.herald.contact.PhoneNumbers;

/**
 * Address checks shared by the SMS providers. Herald's addresses for SMS and WhatsApp are
 * both plain E.164 (a contact's phone); a WhatsApp address may also come with Twilio's
 * {@code whatsapp:} prefix, which the Twilio adapter adds on the wire.
 */
public final class PhoneAddresses {

	private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

	private PhoneAddresses() {
	}

	public static Optional<String> validate(Channel channel, String address) {
		return E164.matcher(number(channel, address)).matches() ? Optional.empty()
				: Optional.of("Not a phone number in international form (E.164), like +14155550100");
	}

	/** The plain E.164 number of an address on the channel. */
	public static String number(Channel channel, String address) {
		return (channel == Channel.WHATSAPP) ? PhoneNumbers.withoutWhatsAppPrefix(address) : address;
	}

}
