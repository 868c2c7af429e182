package com.herald.api.store;

import org.jspecify.annotations.Nullable;

/**
 * A store's details, whole (for create and for replace).
 *
 * @param name unique within the tenant
 * @param timezone IANA zone, like {@code America/New_York}
 * @param addressLine1 street address (printed in marketing emails' footers)
 * @param addressLine2 optional second line
 * @param city city
 * @param region state or province, optional
 * @param postalCode postal code
 * @param country ISO 3166-1 alpha-2 code, like {@code US}
 * @param defaultPhoneRegion ISO 3166-1 alpha-2 region for phone numbers given without a
 * country code
 */
public record StoreRequest(@Nullable String name, @Nullable String timezone, @Nullable String addressLine1,
		@Nullable String addressLine2, @Nullable String city, @Nullable String region, @Nullable String postalCode,
		@Nullable String country, @Nullable String defaultPhoneRegion) {

}
