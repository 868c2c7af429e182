package com.herald.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.InvalidInputException;

/**
 * A daily stretch of local time in which nothing but transactional messages is sent.
 * {@code start} is inclusive, {@code end} exclusive; a start after the end spans midnight
 * (22:00–07:00).
 *
 * @param start when quiet begins
 * @param end when sending may resume
 */
public record QuietHours(LocalTime start, LocalTime end) {

	public QuietHours {
		Objects.requireNonNull(start, "start");
		Objects.requireNonNull(end, "end");
		if (start.equals(end)) {
			throw new InvalidInputException("quietHours", "Quiet hours must start and end at different times");
		}
	}

	/** Parses {@code HH:mm} times. */
	public static QuietHours of(@Nullable String start, @Nullable String end) {
		return new QuietHours(time("quietStart", start), time("quietEnd", end));
	}

	/** Whether this spans midnight. */
	public boolean spansMidnight() {
		return this.start.isAfter(this.end);
	}

	public boolean contains(LocalTime time) {
		if (spansMidnight()) {
			return !time.isBefore(this.start) || time.isBefore(this.end);
		}
		return !time.isBefore(this.start) && time.isBefore(this.end);
	}

	/** Whether {@code instant} falls in quiet hours for someone in {@code zone}. */
	public boolean contains(Instant instant, ZoneId zone) {
		return contains(instant.atZone(zone).toLocalTime());
	}

	/**
	 * The first instant at or after {@code instant} outside quiet hours in {@code zone}:
	 * {@code instant} itself when it is outside.
	 */
	public Instant nextAllowed(Instant instant, ZoneId zone) {
		ZonedDateTime local = instant.atZone(zone);
		if (!contains(local.toLocalTime())) {
			return instant;
		}
		LocalDate day = local.toLocalDate();
		if (spansMidnight() && !local.toLocalTime().isBefore(this.start)) {
			day = day.plusDays(1);
		}
		return ZonedDateTime.of(day, this.end, zone).toInstant();
	}

	@Override
	public String toString() {
		return this.start + "–" + this.end;
	}

	private static LocalTime time(String field, @Nullable String value) {
		try {
			return LocalTime.parse((value != null) ? value.strip() : "");
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInputException(field, "Use a time like 21:00");
		}
	}

}
