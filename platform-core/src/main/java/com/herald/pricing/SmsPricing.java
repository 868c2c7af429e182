package com.herald.pricing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * Facts about prices every part of the module shares: the currency, the key for all other
 * countries, and which country a phone calling code is priced as.
 * <p>
 * A calling code is priced as its main country (libphonenumber's): every +1 number as the
 * US, +44 as GB, +7 as RU. Countries that share a calling code with a bigger one (Canada,
 * Jersey, Kazakhstan) cannot be told apart from the number's first digits in SQL, so they
 * cannot have a price of their own.
 */
final class SmsPricing {

	static final String CURRENCY = "USD";

	static final String OTHER_COUNTRIES = "ZZ";

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	/** Calling code (digits) → the country it is priced as. */
	static final Map<String, String> MAIN_COUNTRY_BY_CALLING_CODE = mainCountries();

	/** Countries that may carry a price: the main country of some calling code. */
	static final Set<String> PRICEABLE = new TreeSet<>(MAIN_COUNTRY_BY_CALLING_CODE.values());

	private SmsPricing() {
	}

	static boolean isKnownCountry(String country) {
		return UTIL.getSupportedRegions().contains(country);
	}

	static String callingCodeOf(String country) {
		return String.valueOf(UTIL.getCountryCodeForRegion(country));
	}

	static String mainCountryOf(String country) {
		return UTIL.getRegionCodeForCountryCode(UTIL.getCountryCodeForRegion(country));
	}

	private static Map<String, String> mainCountries() {
		Map<String, String> countries = new LinkedHashMap<>();
		for (int code : new TreeSet<>(UTIL.getSupportedCallingCodes())) {
			String region = UTIL.getRegionCodeForCountryCode(code);
			// "001" are non-geographic codes (satellite, international networks)
			if (region.matches("[A-Z]{2}")) {
				countries.put(String.valueOf(code), region);
			}
		}
		return Map.copyOf(countries);
	}

}
