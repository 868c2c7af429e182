package com.herald.api.store;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.Store;
import com.herald.tenancy.StoreDetails;

/**
 * A store.
 *
 * @param id its id
 * @param name unique within the tenant
 * @param timezone IANA zone
 * @param addressLine1 street address
 * @param addressLine2 second line, if any
 * @param city city
 * @param region state or province, if any
 * @param postalCode postal code
 * @param country ISO 3166-1 alpha-2 code
 * @param defaultPhoneRegion region for phone numbers given without a country code
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record StoreResponse(UUID id, String name, String timezone, String addressLine1, @Nullable String addressLine2,
		String city, @Nullable String region, String postalCode, String country, String defaultPhoneRegion,
		Instant createdAt, Instant updatedAt) {

	static StoreResponse of(Store store) {
		StoreDetails details = store.getDetails();
		return new StoreResponse(store.getId().value(), details.name(), details.timezone().getId(),
				details.addressLine1(), details.addressLine2(), details.city(), details.region(), details.postalCode(),
				details.country(), details.defaultPhoneRegion(), store.getCreatedAt(), store.getUpdatedAt());
	}

}
