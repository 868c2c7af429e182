package com.herald.email.smtp;

import java.util.Locale;

/** How the connection to an SMTP server is protected. */
public enum SmtpSecurity {

	/**
	 * Plain connection upgraded with STARTTLS (port 587); refused if the server cannot.
	 */
	STARTTLS,
	/** TLS from the first byte (SMTPS, port 465). */
	SSL,
	/** No TLS: only for a relay on the same host or private network (and tests). */
	NONE;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static SmtpSecurity fromKey(String key) {
		return valueOf(key.strip().toUpperCase(Locale.ROOT));
	}

}
