package com.herald.pricing;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Platform prices kept in configuration ({@code herald.pricing.*}); SMS list prices are
 * in the database, by country.
 *
 * @param emailPrice what one email costs a tenant without a price of its own, in
 * {@link PricingService#currency()}
 */
@ConfigurationProperties("herald.pricing")
public record PricingProperties(@Nullable BigDecimal emailPrice) {

	public PricingProperties {
		emailPrice = (emailPrice != null) ? emailPrice : new BigDecimal("0.00100");
		if (emailPrice.signum() < 0 || emailPrice.compareTo(PricingService.MAX_PRICE) > 0) {
			throw new IllegalArgumentException(
					"herald.pricing.email-price must be from 0 to " + PricingService.MAX_PRICE);
		}
	}

}
