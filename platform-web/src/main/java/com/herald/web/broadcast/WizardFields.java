package com.herald.web.broadcast;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.audience.Criterion;
import com.herald.broadcast.Audience;
import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.ChannelMode;
import com.herald.broadcast.Schedule;
import com.herald.consent.Channel;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.StoreId;
import com.herald.web.CriteriaRows;

/**
 * The wizard's form fields as plain text, both ways: a stored broadcast as the fields its
 * steps show, and one step's posted fields applied to the stored draft. Everything a step
 * finds wrong is reported per field in one go, and the fields keep what was typed.
 */
final class WizardFields {

	/** Rows of the ad-hoc criteria form. */
	static final int CONDITION_ROWS = 3;

	private WizardFields() {
	}

	/** The fields every step shows for a stored broadcast. */
	static Map<String, String> of(Broadcast broadcast, ZoneId zone) {
		BroadcastDraft draft = broadcast.draft();
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("name", draft.name());
		fields.put("storeId", (draft.storeId() != null) ? draft.storeId().toString() : "");
		fields.put("channel", draft.channel().key());
		fields.put("channel2", draft.multiChannel() ? draft.channels().get(1).key() : "");
		fields.put("mode", draft.mode().key());
		Audience audience = draft.audience();
		fields.put("audienceKind", (audience != null) ? audience.kind().name().toLowerCase(Locale.ROOT) : "");
		fields.put("segmentId",
				(audience != null && audience.segmentId() != null) ? audience.segmentId().toString() : "");
		fields.put("listId", (audience != null && audience.listId() != null) ? audience.listId().toString() : "");
		fields.put("logic", "AND");
		if (audience != null && audience.criteria() != null) {
			CriteriaRows.write(audience.criteria(), CONDITION_ROWS, fields);
		}
		fields.put("templateId", (draft.templateId() != null) ? draft.templateId().toString() : "");
		fields.put("body", (draft.body() != null) ? draft.body() : "");
		fields.put("category", (draft.category() != null) ? draft.category() : "promotional");
		Schedule schedule = draft.schedule();
		fields.put("scheduleKind", schedule.kind().name().toLowerCase(Locale.ROOT));
		if (schedule.kind() == Schedule.Kind.AT) {
			fields.put("sendAt", local(schedule.sendAt(), zone));
		}
		if (schedule.kind() == Schedule.Kind.WINDOW) {
			fields.put("windowStart", local(schedule.sendAt(), zone));
			fields.put("windowEnd", local(schedule.windowEnd(), zone));
		}
		if (schedule.localSendAt() != null) {
			fields.put("localSendAt", schedule.localSendAt().truncatedTo(ChronoUnit.MINUTES).toString());
		}
		fields.put("maxPerMinute", text(schedule.maxPerMinute()));
		fields.put("maxPerHour", text(schedule.maxPerHour()));
		fields.put("jitterSeconds", text(schedule.jitterSeconds()));
		return fields;
	}

	/** The first step's fields: a name, the sending store and the channel. */
	static BroadcastDraft channel(BroadcastDraft current, Map<String, String> fields) {
		Map<String, String> errors = new LinkedHashMap<>();
		String name = value(fields, "name");
		if (name.isEmpty()) {
			errors.put("name", "Give the broadcast a name");
		}
		StoreId store = null;
		String storeId = value(fields, "storeId");
		if (!storeId.isEmpty()) {
			try {
				store = StoreId.of(storeId);
			}
			catch (IllegalArgumentException ex) {
				errors.put("storeId", "Choose one of the stores");
			}
		}
		Channel channel = null;
		try {
			channel = Channel.fromKey(value(fields, "channel"));
		}
		catch (InvalidInputException ex) {
			errors.put("channel", "Choose a channel");
		}
		List<Channel> channels = new ArrayList<>();
		if (channel != null) {
			channels.add(channel);
		}
		String second = value(fields, "channel2");
		if (!second.isEmpty()) {
			try {
				Channel channel2 = Channel.fromKey(second);
				if (channel2 == channel) {
					errors.put("channel2", "Choose a different channel from the first, or none");
				}
				else {
					channels.add(channel2);
				}
			}
			catch (InvalidInputException ex) {
				errors.put("channel2", "Choose a channel, or none");
			}
		}
		ChannelMode mode = ChannelMode.ALL;
		if (!value(fields, "mode").isEmpty()) {
			try {
				mode = ChannelMode.fromKey(value(fields, "mode"));
			}
			catch (InvalidInputException ex) {
				errors.put("mode", "Choose how the channels are used");
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return new BroadcastDraft(name, store, channels, mode, current.audience(), current.templateId(), current.body(),
				current.category(), current.schedule(), current.unitCostMicros());
	}

	/** A blank draft with the first step's fields, for a new broadcast. */
	static BroadcastDraft channel(Map<String, String> fields) {
		return channel(new BroadcastDraft("", null, Channel.SMS, null, null, null, null, Schedule.NOW, 0), fields);
	}

	/** Who it goes to: a saved segment, a static list, or ad-hoc criteria. */
	static Audience audience(Map<String, String> fields) {
		String kind = value(fields, "audienceKind");
		switch (kind) {
			case "segment" -> {
				return Audience.segment(id(fields, "segmentId", "Choose a saved segment"));
			}
			case "list" -> {
				return new Audience(Audience.Kind.LIST, null, id(fields, "listId", "Choose a static list"), null);
			}
			case "criteria" -> {
				return Audience.criteria(criteria(fields));
			}
			default ->
				throw new InvalidInputException("audienceKind", "Choose a saved segment, a static list or criteria");
		}
	}

	/**
	 * The ad-hoc criteria: the rows that name a field, combined by the chosen logic; or,
	 * when no row is filled, the criteria JSON.
	 */
	static Criterion criteria(Map<String, String> fields) {
		try {
			return CriteriaRows.read(fields, CONDITION_ROWS).tree();
		}
		catch (InvalidInputException ex) {
			if (ex.getFieldErrors().containsKey("field0")) {
				throw ex;
			}
			// the wizard shows the JSON's node errors on its one JSON field
			throw new InvalidInputException("criteriaJson", String.join("; ", ex.getFieldErrors().values()));
		}
	}

	/** When it goes out, with dates and times read in the store's zone. */
	static Schedule schedule(Map<String, String> fields, ZoneId zone) {
		Map<String, String> errors = new LinkedHashMap<>();
		Integer perMinute = number(fields, "maxPerMinute", errors);
		Integer perHour = number(fields, "maxPerHour", errors);
		Integer jitter = number(fields, "jitterSeconds", errors);
		String kind = value(fields, "scheduleKind");
		Schedule schedule = null;
		try {
			schedule = switch (kind) {
				case "now" -> Schedule.NOW;
				case "at" -> {
					Instant at = instant(fields, "sendAt", zone, errors, true);
					yield (at != null) ? Schedule.at(at) : null;
				}
				case "local_time" -> {
					LocalDateTime local = localDateTime(fields, "localSendAt", errors, true);
					yield (local != null) ? Schedule.localTime(local) : null;
				}
				case "window" -> {
					Instant start = instant(fields, "windowStart", zone, errors, false);
					Instant end = instant(fields, "windowEnd", zone, errors, true);
					yield (end != null && errors.isEmpty()) ? Schedule.window(start, end, perMinute, perHour, jitter)
							: null;
				}
				default -> {
					errors.put("scheduleKind", "Choose when to send it");
					yield null;
				}
			};
		}
		catch (InvalidInputException ex) {
			ex.getFieldErrors().forEach((field, message) -> errors.putIfAbsent(renamed(field), message));
		}
		if (!errors.isEmpty() || schedule == null) {
			throw new InvalidInputException(errors);
		}
		return schedule;
	}

	/** A datetime-local value ({@code 2026-12-24T09:30}) of an instant in a zone. */
	static String local(@Nullable Instant instant, ZoneId zone) {
		return (instant != null) ? LocalDateTime.ofInstant(instant, zone).truncatedTo(ChronoUnit.MINUTES).toString()
				: "";
	}

	static String value(Map<String, String> fields, String name) {
		String value = fields.get(name);
		return (value != null) ? value.strip() : "";
	}

	static @Nullable UUID optionalId(Map<String, String> fields, String name) {
		String value = value(fields, name);
		if (value.isEmpty()) {
			return null;
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String renamed(String field) {
		return switch (field) {
			case "schedule.sendAt" -> "sendAt";
			case "schedule.localSendAt" -> "localSendAt";
			case "schedule.windowEnd" -> "windowEnd";
			case "schedule.maxPerMinute" -> "maxPerMinute";
			case "schedule.maxPerHour" -> "maxPerHour";
			case "schedule.jitterSeconds" -> "jitterSeconds";
			default -> field;
		};
	}

	private static UUID id(Map<String, String> fields, String name, String message) {
		UUID id = optionalId(fields, name);
		if (id == null) {
			throw new InvalidInputException(name, message);
		}
		return id;
	}

	private static @Nullable Integer number(Map<String, String> fields, String name, Map<String, String> errors) {
		String value = value(fields, name);
		if (value.isEmpty()) {
			return null;
		}
		try {
			return Integer.valueOf(value);
		}
		catch (NumberFormatException ex) {
			errors.put(name, "Enter a whole number");
			return null;
		}
	}

	private static @Nullable LocalDateTime localDateTime(Map<String, String> fields, String name,
			Map<String, String> errors, boolean required) {
		String value = value(fields, name);
		if (value.isEmpty()) {
			if (required) {
				errors.put(name, "Enter a date and time");
			}
			return null;
		}
		try {
			return LocalDateTime.parse(value);
		}
		catch (DateTimeParseException ex) {
			errors.put(name, "Enter a date and time like 2026-12-24T09:30");
			return null;
		}
	}

	private static @Nullable Instant instant(Map<String, String> fields, String name, ZoneId zone,
			Map<String, String> errors, boolean required) {
		LocalDateTime local = localDateTime(fields, name, errors, required);
		return (local != null) ? local.atZone(zone).toInstant() : null;
	}

	private static String text(@Nullable Integer value) {
		return (value != null) ? value.toString() : "";
	}

}
