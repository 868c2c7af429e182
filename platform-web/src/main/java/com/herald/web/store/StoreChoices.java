package com.herald.web.store;

import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.herald.web.Option;

/** The fixed lists the store form offers: IANA time zones and ISO countries. */
final class StoreChoices {

	/** Region-based zones people recognise (no legacy aliases such as "US/Eastern"). */
	static final List<Option> TIMEZONES = ZoneId.getAvailableZoneIds()
		.stream()
		.filter((id) -> id.equals("UTC") || (id
			.matches("^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia" + "|Europe|Indian|Pacific)/.+")
				&& !id.startsWith("America/Argentina/ComodRivadavia")))
		.sorted()
		.map((id) -> new Option(id, id.replace('_', ' ')))
		.toList();

	/** ISO 3166-1 alpha-2 codes, named in English, by name. */
	static final List<Option> COUNTRIES = java.util.Arrays.stream(Locale.getISOCountries())
		.map((code) -> new Option(code, Locale.of("", code).getDisplayCountry(Locale.ENGLISH) + " (" + code + ")"))
		.sorted(Comparator.comparing(Option::label))
		.toList();

	private StoreChoices() {
	}

	/**
	 * The zones, plus {@code current} when it is valid but not among them (a legacy
	 * alias), so the form never silently changes a store's zone.
	 */
	static List<Option> timezonesWith(@Nullable String current) {
		if (current == null || current.isBlank() || !ZoneId.getAvailableZoneIds().contains(current)
				|| TIMEZONES.stream().anyMatch((option) -> option.value().equals(current))) {
			return TIMEZONES;
		}
		List<Option> zones = new java.util.ArrayList<>(TIMEZONES);
		zones.add(0, new Option(current, current));
		return zones;
	}

}
