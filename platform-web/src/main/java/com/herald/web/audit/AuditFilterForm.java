package com.herald.web.audit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;

import com.herald.audit.AuditFilter;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.StoreId;

/**
 * The audit page's filter as typed: strings, so a bad value comes back to the form with a
 * message instead of a 400. Times are UTC, in the {@code datetime-local} format
 * ({@code 2026-11-22T09:30}).
 *
 * @param from start of the time range (UTC, inclusive)
 * @param to end of the time range (UTC, exclusive)
 * @param actor actor id, or part of its label
 * @param action an action, or a prefix ending in {@code .} or {@code *}
 * @param store a store id
 * @param targetType kind of target
 * @param targetId target id
 * @param cursor show events older than this seq
 */
record AuditFilterForm(@Nullable String from, @Nullable String to, @Nullable String actor, @Nullable String action,
		@Nullable String store, @Nullable String targetType, @Nullable String targetId, @Nullable String cursor) {

	static AuditFilterForm empty() {
		return new AuditFilterForm(null, null, null, null, null, null, null, null);
	}

	/**
	 * The service's filter, checked.
	 * @throws InvalidInputException with a message per bad field
	 */
	AuditFilter toFilter() {
		Map<String, String> errors = new LinkedHashMap<>();
		Instant start = time(errors, "from", this.from);
		Instant end = time(errors, "to", this.to);
		StoreId storeId = null;
		if (present(this.store)) {
			try {
				storeId = StoreId.of(this.store.strip());
			}
			catch (IllegalArgumentException ex) {
				errors.put("store", "Choose a store from the list");
			}
		}
		cursorValue(errors);
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return new AuditFilter(start, end, this.actor, this.action, storeId, this.targetType, this.targetId).validate();
	}

	@Nullable Long cursorValue() {
		Map<String, String> errors = new LinkedHashMap<>();
		Long value = cursorValue(errors);
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return value;
	}

	/**
	 * The filter as a query string (no cursor), each value form-encoded; empty when
	 * unset.
	 */
	String query() {
		StringJoiner query = new StringJoiner("&");
		add(query, "from", this.from);
		add(query, "to", this.to);
		add(query, "actor", this.actor);
		add(query, "action", this.action);
		add(query, "store", this.store);
		add(query, "targetType", this.targetType);
		add(query, "targetId", this.targetId);
		return query.toString();
	}

	/** Whether any filter field is set (the cursor aside). */
	boolean filtered() {
		return !query().isEmpty();
	}

	private @Nullable Long cursorValue(Map<String, String> errors) {
		if (!present(this.cursor)) {
			return null;
		}
		try {
			long value = Long.parseLong(this.cursor.strip());
			if (value > 0) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		errors.put("cursor", "This page link is not valid; start again from the newest events");
		return null;
	}

	private static @Nullable Instant time(Map<String, String> errors, String field, @Nullable String value) {
		if (!present(value)) {
			return null;
		}
		String text = value.strip();
		try {
			return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			try {
				return Instant.parse(text);
			}
			catch (DateTimeParseException again) {
				errors.put(field, "Enter a date and time like 2026-11-22T09:30 (UTC)");
				return null;
			}
		}
	}

	private static void add(StringJoiner query, String name, @Nullable String value) {
		if (present(value)) {
			query.add(name + "=" + URLEncoder.encode(value.strip(), StandardCharsets.UTF_8));
		}
	}

	private static boolean present(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
