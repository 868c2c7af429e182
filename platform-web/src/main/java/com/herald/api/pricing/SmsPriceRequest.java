package com.herald.api.pricing;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * The tenant's price for a country.
 *
 * @param price per segment, 0 to 10, at most 5 decimal places
 */
public record SmsPriceRequest(@Nullable BigDecimal price) {

}
