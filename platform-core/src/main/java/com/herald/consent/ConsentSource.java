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
	ADMIN;

	/** The stored form, lowercase. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	static ConsentSource fromKey(String key) {
		return valueOf(key.toUpperCase(Locale.ROOT));
	}

}
