package com.herald.tenancy;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a tenant admin says about a store.
 *
 * @param name unique within the tenant
 * @param timezone IANA zone
 * @param addressLine1 street address (CAN-SPAM footers)
 * @param addressLine2 optional second line
 * @param city city
 * @param region state or province, optional
 * @param postalCode postal code
 * @param country ISO 3166-1 alpha-2 country code
 * @param defaultPhoneRegion ISO 3166-1 alpha-2 region for numbers given without a country
 * code
 */
public record StoreDetails(String name, ZoneId timezone, String addressLine1, @Nullable String addressLine2,
		String city, @Nullable String region, String postalCode, String country, String defaultPhoneRegion) {

	/** The summary the audit trail keeps. */
	Map<String, Object> summary() {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("name", this.name);
		summary.put("timezone", this.timezone.getId());
		summary.put("city", this.city);
		summary.put("country", this.country);
		summary.put("defaultPhoneRegion", this.defaultPhoneRegion);
		return summary;
	}

}
