package com.herald.pricing;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * What one SMS segment to a country costs a tenant.
 *
 * @param country ISO 3166-1 alpha-2; {@value SmsPricing#OTHER_COUNTRIES} for every
 * country without its own price
 * @param platformPrice Herald's list price, if it has one for the country
 * @param tenantPrice the tenant's own price, if set
 */
public record SmsPrice(String country, @Nullable BigDecimal platformPrice, @Nullable BigDecimal tenantPrice) {

	/** The price used: the tenant's, else the platform's. */
	public @Nullable BigDecimal price() {
		return (this.tenantPrice != null) ? this.tenantPrice : this.platformPrice;
	}

}
