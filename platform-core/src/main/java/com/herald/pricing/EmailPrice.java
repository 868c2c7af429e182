package com.herald.pricing;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * What one email costs a tenant.
 *
 * @param platformPrice Herald's price ({@code herald.pricing.email-price})
 * @param tenantPrice the tenant's own price, if set
 */
public record EmailPrice(BigDecimal platformPrice, @Nullable BigDecimal tenantPrice) {

	/** The price used: the tenant's, else the platform's. */
	public BigDecimal price() {
		return (this.tenantPrice != null) ? this.tenantPrice : this.platformPrice;
	}

	/** {@link #price()} in millionths, as delivery costs are kept. */
	public long micros() {
		return SmsRates.micros(price());
	}

}
