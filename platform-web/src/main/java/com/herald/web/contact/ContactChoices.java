package com.herald.web.contact;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.herald.web.Option;

/** The time zones the contact form offers (IANA, region based). */
final class ContactChoices {

	static final List<Option> TIMEZONES = ZoneId.getAvailableZoneIds()
		.stream()
		.filter((id) -> id.equals("UTC")
				|| id.matches("^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+"))
		.sorted()
		.map((id) -> new Option(id, id.replace('_', ' ')))
		.toList();

	private ContactChoices() {
	}

	/** The zones, plus {@code current} when it is valid but not among them. */
	static List<Option> timezonesWith(@Nullable String current) {
		if (current == null || current.isBlank() || !ZoneId.getAvailableZoneIds().contains(current)
				|| TIMEZONES.stream().anyMatch((option) -> option.value().equals(current))) {
			return TIMEZONES;
		}
		List<Option> zones = new ArrayList<>(TIMEZONES);
		zones.add(0, new Option(current, current));
		return zones;
	}

}
