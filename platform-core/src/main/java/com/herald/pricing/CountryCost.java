package com.herald.pricing;

import java.math.BigDecimal;

/**
 * The share of an estimate that goes to one country.
 *
 * @param country ISO 3166-1 alpha-2 region of the calling code, or
 * {@value SmsPricing#OTHER_COUNTRIES} for numbers whose country Herald cannot tell
 * @param callingCode the phone calling code ({@code 1}, {@code 44})
 * @param recipients how many recipients have a number there
 * @param pricePerSegment the price used
 * @param cost recipients × segments × price
 */
public record CountryCost(String country, String callingCode, long recipients, BigDecimal pricePerSegment,
		BigDecimal cost) {

}
