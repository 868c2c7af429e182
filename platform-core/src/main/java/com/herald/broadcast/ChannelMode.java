package com.herald.broadcast;

import java.util.Locale;

import com.herald.tenancy.InvalidInputException;

/** How a broadcast with several channels uses them. */
public enum ChannelMode {

	/** Each recipient gets every listed channel they can legally receive. */
	ALL,

	/** Each recipient gets the first listed channel they can legally receive. */
	FALLBACK;

	/** The stored form: {@code all}, {@code fallback}. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static ChannelMode fromKey(String key) {
		try {
			return valueOf(key.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("mode", "Use all or fallback");
		}
	}

}
