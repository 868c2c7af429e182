package com.herald.api.pricing;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

import com.herald.pricing.EmailPrice;

/**
 * What one email costs the tenant.
 *
 * @param platformPrice Herald's price
 * @param tenantPrice the tenant's own price
 * @param price the price costs and estimates use
 * @param currency the prices' currency
 */
public record EmailPriceResponse(BigDecimal platformPrice, @Nullable BigDecimal tenantPrice, BigDecimal price,
		String currency) {

	static EmailPriceResponse of(EmailPrice price, String currency) {
		return new EmailPriceResponse(price.platformPrice(), price.tenantPrice(), price.price(), currency);
	}

}
