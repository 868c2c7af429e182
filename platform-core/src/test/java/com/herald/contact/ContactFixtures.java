package com.herald.contact;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Contacts for tests: unique emails and valid, unique phone numbers (per test JVM), so
 * tests sharing one database never collide.
 */
public final class ContactFixtures {

	// +1 212 200-0000 … 999-9999 are all valid New York numbers to libphonenumber
	private static final AtomicLong US_SEQUENCE = new AtomicLong(ThreadLocalRandom.current().nextLong(4_000_000));

	// Spanish mobiles 6xx xxx xxx
	private static final AtomicLong ES_SEQUENCE = new AtomicLong(ThreadLocalRandom.current().nextLong(50_000_000));

	private ContactFixtures() {
	}

	/** A New York number in E.164 ({@code +1212…}); its zone is America/New_York. */
	public static String usPhone() {
		return "+1212" + (2_000_000 + US_SEQUENCE.getAndIncrement() % 8_000_000);
	}

	/**
	 * The same kind of number as a person in the US writes it: {@code (212) 555-0123}.
	 */
	public static String national(String usE164) {
		String digits = usE164.substring(2);
		return "(" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6);
	}

	/**
	 * A Spanish mobile in E.164 ({@code +346…}): two possible zones (Madrid, Canaries).
	 */
	public static String esMobile() {
		return "+346" + String.format("%08d", ES_SEQUENCE.getAndIncrement() % 100_000_000);
	}

	public static String email() {
		return "contact-" + UUID.randomUUID().toString().substring(0, 12) + "@fixture.test";
	}

	/** A short token for names and searches that nothing else in the database holds. */
	public static String token() {
		return "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
	}

	/** Someone with a name, a unique email and a unique New York phone. */
	public static ContactDraft.Builder person() {
		return ContactDraft.builder().firstName("Ann").lastName("Example").email(email()).phone(usPhone());
	}

}
