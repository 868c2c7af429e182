package com.herald.consent;

import java.util.Locale;

/** Where a consent change came from. */
public enum ConsentSource {

	/** A CSV import (the import names the original source in the wording). */
	IMPORT,
	/** A sign-up or preference form. */
	FORM,
	/** A keyword the contact sent (STOP, START). */
	KEYWORD,
	/** The REST API (a CRM sync). */
	API,
	/** A tenant user in Herald. */
	ADMIN,
	/**
	 * The recipient, through the unsubscribe link in a message (or RFC 8058 one-click).
	 */
	UNSUBSCRIBE_LINK,
	/** The recipient, on their preference page. */
	PREFERENCE_PAGE;

	/** The stored form, lowercase. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	static ConsentSource fromKey(String key) {
		return valueOf(key.toUpperCase(Locale.ROOT));
	}

}
