package com.herald.pricing;

import java.math.BigDecimal;
import java.util.List;

/**
 * What sending one message of {@code segments} segments to an audience would cost.
 *
 * @param recipients recipients with a phone number
 * @param segments segments per message
 * @param total the sum over countries, in {@value SmsPricing#CURRENCY}
 * @param countries the breakdown, most expensive first
 */
public record CostEstimate(long recipients, int segments, BigDecimal total, List<CountryCost> countries) {

	public CostEstimate {
		countries = List.copyOf(countries);
	}

}
