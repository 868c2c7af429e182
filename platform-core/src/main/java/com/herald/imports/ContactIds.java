package com.herald.imports;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids for imported contacts: time-ordered UUIDs (version 7, RFC 9562: 48 bits of Unix
 * milliseconds, then 74 random bits). A million contacts written in id order append to
 * the right edge of every index keyed by contact id (the contacts' primary key, the
 * consent tables' keys) instead of touching a random page of each per row, which is what
 * random (version 4) ids cost once those indexes outgrow the database's cache.
 */
final class ContactIds {

	private static final SecureRandom RANDOM = new SecureRandom();

	private ContactIds() {
	}

	static UUID next() {
		long random = RANDOM.nextLong();
		long high = (System.currentTimeMillis() << 16) | 0x7000L | (random >>> 52);
		long low = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
		return new UUID(high, low);
	}

}
