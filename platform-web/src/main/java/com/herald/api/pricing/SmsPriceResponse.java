package com.herald.api.pricing;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

import com.herald.pricing.SmsPrice;

/**
 * A country's price per SMS segment.
 *
 * @param country ISO 3166-1 alpha-2; {@code ZZ} for all other countries
 * @param platformPrice Herald's list price
 * @param tenantPrice the tenant's own price
 * @param price the price estimates use
 * @param currency the prices' currency
 */
public record SmsPriceResponse(String country, @Nullable BigDecimal platformPrice, @Nullable BigDecimal tenantPrice,
		@Nullable BigDecimal price, String currency) {

	static SmsPriceResponse of(SmsPrice price, String currency) {
		return new SmsPriceResponse(price.country(), price.platformPrice(), price.tenantPrice(), price.price(),
				currency);
	}

}
