package com.herald.consent;

import java.util.Locale;

/**
 * A contact's consent on one channel. {@link #UNKNOWN} is never recorded: it is what a
 * contact with no record on the channel has.
 */
public enum ConsentStatus {

	OPTED_IN, OPTED_OUT, UNKNOWN;

	/** The stored form: {@code opted_in}, {@code opted_out}. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	static ConsentStatus fromKey(String key) {
		return valueOf(key.toUpperCase(Locale.ROOT));
	}

}
