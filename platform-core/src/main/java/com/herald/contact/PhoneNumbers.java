package com.herald.contact;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.jspecify.annotations.Nullable;

import com.herald.tenancy.InvalidInputException;

/**
 * Phone numbers in E.164 ({@code +12015550123}), the one form Herald stores, matches and
 * sends to. Numbers written without a country code are read in a default region: the
 * contact's store's, else the tenant's. Anything libphonenumber does not consider a valid
 * number for its region is refused with {@link InvalidInputException}; nothing else is
 * ever thrown.
 */
public final class PhoneNumbers {

	/** The region used when neither a store nor the tenant names one. */
	public static final String DEFAULT_REGION = "US";

	/** Twilio's prefix for WhatsApp addresses. */
	public static final String WHATSAPP_PREFIX = "whatsapp:";

	private static final int MAX_INPUT = 40;

	// What people type around the digits; letters (vanity numbers, "ext.") are refused.
	private static final Pattern ALLOWED = Pattern.compile("^\\+?[0-9 ()\\-./]+$");

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	private PhoneNumbers() {
	}

	/**
	 * Normalises {@code input} to E.164, reading a number without a country code in
	 * {@code defaultRegion}, and reports errors against the field {@code phone}.
	 */
	public static String toE164(@Nullable String input, @Nullable String defaultRegion) {
		return toE164("phone", input, defaultRegion);
	}

	/**
	 * Normalises {@code input} to E.164, reading a number without a country code in
	 * {@code defaultRegion} (ISO 3166-1 alpha-2; unsupported or missing regions mean only
	 * numbers with a leading + are accepted).
	 * @throws InvalidInputException against {@code field} for anything that is not a
	 * valid number
	 */
	public static String toE164(String field, @Nullable String input, @Nullable String defaultRegion) {
		String text = (input != null) ? input.strip() : "";
		if (text.isEmpty()) {
			throw new InvalidInputException(field, "Enter a phone number");
		}
		if (text.length() > MAX_INPUT || !ALLOWED.matcher(text).matches()) {
			throw invalid(field);
		}
		String region = supportedRegion(defaultRegion);
		if (region == null && !text.startsWith("+")) {
			throw new InvalidInputException(field,
					"Enter the number with its country code, like +1 201 555 0123: no default country is set");
		}
		PhoneNumber number;
		try {
			number = UTIL.parse(text, (region != null) ? region : "ZZ");
		}
		catch (NumberParseException ex) {
			throw invalid(field);
		}
		if (!UTIL.isValidNumber(number) || number.hasExtension()) {
			throw invalid(field);
		}
		return UTIL.format(number, PhoneNumberFormat.E164);
	}

	/**
	 * The number without Twilio's {@code whatsapp:} channel prefix (any case): Herald
	 * stores, matches and suppresses WhatsApp addresses as plain E.164, and only the
	 * provider adapter puts the prefix on the wire.
	 */
	public static String withoutWhatsAppPrefix(String address) {
		String text = address.strip();
		return text.regionMatches(true, 0, WHATSAPP_PREFIX, 0, WHATSAPP_PREFIX.length())
				? text.substring(WHATSAPP_PREFIX.length()).strip() : text;
	}

	/** Whether {@code region} is a region libphonenumber knows (case-insensitive). */
	public static boolean isSupportedRegion(@Nullable String region) {
		return supportedRegion(region) != null;
	}

	/** The region (ISO 3166-1 alpha-2) of a valid E.164 number. */
	public static Optional<String> region(String e164) {
		return parseE164(e164).map(UTIL::getRegionCodeForNumber).filter((region) -> !"ZZ".equals(region));
	}

	/**
	 * The time zone of a number's area, when the number's prefix maps to exactly one zone
	 * (a New York number does; a Spanish mobile, which may be on the Canary Islands, does
	 * not).
	 */
	public static Optional<ZoneId> timeZone(String e164) {
		List<ZoneId> zones = timeZones(e164);
		return (zones.size() == 1) ? Optional.of(zones.get(0)) : Optional.empty();
	}

	/**
	 * Every time zone a number's prefix may be in; empty when unknown. Callers that must
	 * respect local time without knowing it (quiet hours) check all of them.
	 */
	public static List<ZoneId> timeZones(String e164) {
		Optional<PhoneNumber> number = parseE164(e164);
		if (number.isEmpty()) {
			return List.of();
		}
		List<ZoneId> zones = new ArrayList<>();
		for (String id : PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(number.get())) {
			try {
				if (!"Etc/Unknown".equals(id)) {
					zones.add(ZoneId.of(id));
				}
			}
			catch (DateTimeException ex) {
				// a zone the JDK does not know: skip it rather than guess
			}
		}
		return List.copyOf(zones);
	}

	/** The country calling code for a region ({@code 1} for US, {@code 34} for ES). */
	static int countryCode(String region) {
		return UTIL.getCountryCodeForRegion(region);
	}

	static @Nullable String supportedRegion(@Nullable String region) {
		if (region == null) {
			return null;
		}
		String code = region.strip().toUpperCase(Locale.ROOT);
		return UTIL.getSupportedRegions().contains(code) ? code : null;
	}

	private static Optional<PhoneNumber> parseE164(String e164) {
		if (e164.length() > MAX_INPUT || !e164.startsWith("+")) {
			return Optional.empty();
		}
		try {
			return Optional.of(UTIL.parse(e164, "ZZ"));
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

	private static InvalidInputException invalid(String field) {
		return new InvalidInputException(field, "Enter a valid phone number, like +1 201 555 0123");
	}

}
