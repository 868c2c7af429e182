package com.herald.api.pricing;

import java.math.BigDecimal;
import java.util.List;

import com.herald.pricing.CostEstimate;
import com.herald.pricing.CountryCost;

/**
 * An estimated cost.
 *
 * @param recipients recipients with a phone number
 * @param segments segments per message
 * @param total the estimated cost
 * @param currency its currency
 * @param countries the cost per country
 */
public record EstimateResponse(long recipients, int segments, BigDecimal total, String currency,
		List<CountryCost> countries) {

	static EstimateResponse of(CostEstimate estimate, String currency) {
		return new EstimateResponse(estimate.recipients(), estimate.segments(), estimate.total(), currency,
				estimate.countries());
	}

}
