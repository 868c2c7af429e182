package com.herald.consent;

import java.util.Locale;

import com.herald.tenancy.InvalidInputException;

/**
 * The channels consent, preferences and suppressions are kept per. Stored lowercase. When
 * the channel SPI module arrives, its {@code ChannelType} should map one-to-one to these.
 */
public enum Channel {

	SMS, WHATSAPP, EMAIL, PUSH;

	/** The stored form: {@code sms}, {@code whatsapp}, {@code email}, {@code push}. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Channel fromKey(String key) {
		try {
			return valueOf(key.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("channel", "Use one of sms, whatsapp, email, push");
		}
	}

	/** Whether the channel reaches a phone number. */
	public boolean usesPhone() {
		return this == SMS || this == WHATSAPP;
	}

}
