package com.herald.email;

import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Email addresses as Herald accepts them: one mailbox, no display name, no spaces or line
 * breaks (a line break in a header value would let content add headers).
 */
public final class EmailAddresses {

	private static final Pattern ADDRESS = Pattern
		.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
				+ "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

	private EmailAddresses() {
	}

	/** The reason the address cannot be used, or empty when it can. */
	public static Optional<String> validate(@Nullable String address) {
		if (address == null || address.isBlank()) {
			return Optional.of("Enter an email address");
		}
		if (address.length() > 254 || !ADDRESS.matcher(address).matches()) {
			return Optional.of("Enter an email address like name@example.com");
		}
		return Optional.empty();
	}

	/**
	 * Whether a display name is safe in a header: no line breaks, at most 100 characters.
	 */
	static boolean safeName(String name) {
		return name.length() <= 100 && name.chars().noneMatch((c) -> c == '\r' || c == '\n' || c < 0x20);
	}

}
