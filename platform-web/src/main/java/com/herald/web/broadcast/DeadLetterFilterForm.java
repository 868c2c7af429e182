package com.herald.web.broadcast;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.broadcast.DeadLetterFilter;
import com.herald.consent.Channel;
import com.herald.tenancy.InvalidInputException;

/**
 * The dead-letter page's filter as typed: strings, so a bad value comes back to the form
 * with a message. Times are UTC in the {@code datetime-local} format.
 *
 * @param broadcast a broadcast id
 * @param channel a channel key
 * @param errorCode a provider error code
 * @param from failed at or after
 * @param to failed before
 * @param search a prefix of the address or the contact's name
 */
record DeadLetterFilterForm(@Nullable String broadcast, @Nullable String channel, @Nullable String errorCode,
		@Nullable String from, @Nullable String to, @Nullable String search) {

	/**
	 * The service's filter, checked.
	 * @throws InvalidInputException with a message per bad field
	 */
	DeadLetterFilter toFilter() {
		Map<String, String> errors = new LinkedHashMap<>();
		UUID broadcastId = null;
		if (present(this.broadcast)) {
			try {
				broadcastId = UUID.fromString(this.broadcast.strip());
			}
			catch (IllegalArgumentException ex) {
				errors.put("broadcast", "Choose a broadcast from the list");
			}
		}
		Channel channelKey = null;
		if (present(this.channel)) {
			channelKey = Arrays.stream(Channel.values())
				.filter((c) -> c.key().equals(this.channel.strip()))
				.findFirst()
				.orElse(null);
			if (channelKey == null) {
				errors.put("channel", "Choose a channel from the list");
			}
		}
		Instant start = time(errors, "from", this.from);
		Instant end = time(errors, "to", this.to);
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return new DeadLetterFilter(broadcastId, channelKey, this.errorCode, start, end, this.search);
	}

	/** The filter as a query string, each value form-encoded; empty when unset. */
	String query() {
		StringJoiner query = new StringJoiner("&");
		Map<String, @Nullable String> fields = new LinkedHashMap<>();
		fields.put("broadcast", this.broadcast);
		fields.put("channel", this.channel);
		fields.put("errorCode", this.errorCode);
		fields.put("from", this.from);
		fields.put("to", this.to);
		fields.put("search", this.search);
		fields.forEach((name, value) -> {
			if (present(value)) {
				query.add(name + "=" + URLEncoder.encode(value.strip(), StandardCharsets.UTF_8));
			}
		});
		return query.toString();
	}

	private static @Nullable Instant time(Map<String, String> errors, String field, @Nullable String value) {
		if (!present(value)) {
			return null;
		}
		try {
			return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			errors.put(field, "Enter a date and time like 2026-11-22T09:30 (UTC)");
			return null;
		}
	}

	private static boolean present(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
