package com.herald.consent;

import java.util.Locale;

/** Why an address is suppressed. */
public enum SuppressionReason {

	/** The recipient unsubscribed (link, preference page, List-Unsubscribe). */
	UNSUBSCRIBED,
	/** The address bounced permanently. */
	BOUNCED,
	/** The recipient marked a message as spam. */
	COMPLAINT,
	/** The recipient replied STOP (or another opt-out keyword). */
	STOP,
	/** A tenant user added it. */
	MANUAL;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	static SuppressionReason fromKey(String key) {
		return valueOf(key.toUpperCase(Locale.ROOT));
	}

}
