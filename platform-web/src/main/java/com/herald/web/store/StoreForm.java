package com.herald.web.store;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.StoreDetails;

/**
 * The store form, as typed: kept as text so a refused form shows exactly what was
 * entered.
 */
record StoreForm(@Nullable String name, @Nullable String timezone, @Nullable String addressLine1,
		@Nullable String addressLine2, @Nullable String city, @Nullable String region, @Nullable String postalCode,
		@Nullable String country, @Nullable String defaultPhoneRegion) {

	static StoreForm empty() {
		return new StoreForm("", "", "", "", "", "", "", "US", "US");
	}

	static StoreForm of(StoreDetails details) {
		return new StoreForm(details.name(), details.timezone().getId(), details.addressLine1(), details.addressLine2(),
				details.city(), details.region(), details.postalCode(), details.country(),
				details.defaultPhoneRegion());
	}

	/** The details to give the service; the service checks everything but the zone. */
	StoreDetails toDetails() {
		ZoneId zone;
		try {
			zone = ZoneId.of(Objects.toString(this.timezone, "").strip());
		}
		catch (DateTimeException ex) {
			throw new InvalidInputException("timezone", "Choose a time zone");
		}
		return new StoreDetails(text(this.name), zone, text(this.addressLine1), this.addressLine2, text(this.city),
				this.region, text(this.postalCode), text(this.country), text(this.defaultPhoneRegion));
	}

	private static String text(@Nullable String value) {
		return (value != null) ? value : "";
	}

}
