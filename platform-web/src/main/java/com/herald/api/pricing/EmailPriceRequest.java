package com.herald.api.pricing;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * The tenant's price per email.
 *
 * @param price per email, 0 to 10, at most 5 decimal places
 */
public record EmailPriceRequest(@Nullable BigDecimal price) {
}
