package com.herald.broadcast;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.audience.CriteriaJson;
import com.herald.consent.Channel;
import com.herald.tenancy.StoreId;

/** Reading and summarising broadcast rows. */
final class BroadcastRows {

	static final String COLUMNS = """
			id, store_id, name, channel, channels::text[] AS channels, channel_mode, status, audience_kind, segment_id, list_id, criteria::text AS criteria,
			template_id, body, category, schedule_kind, send_at, local_send_at, window_end, max_per_minute,
			max_per_hour, jitter_seconds, unit_cost_micros, author_id, author_label, approved_by_label, approved_at,
			review_comment, failure_reason, launched_at, finished_at, created_at, updated_at, version""";

	private BroadcastRows() {
	}

	static Broadcast broadcast(ResultSet rs, int row) throws SQLException {
		UUID store = rs.getObject("store_id", UUID.class);
		Audience audience = audience(rs);
		Timestamp local = rs.getTimestamp("local_send_at");
		Schedule schedule = new Schedule(Schedule.Kind.valueOf(rs.getString("schedule_kind").toUpperCase()),
				instant(rs, "send_at"), (local != null) ? local.toLocalDateTime() : null, instant(rs, "window_end"),
				(Integer) rs.getObject("max_per_minute"), (Integer) rs.getObject("max_per_hour"),
				(Integer) rs.getObject("jitter_seconds"));
		BroadcastDraft draft = new BroadcastDraft(rs.getString("name"), (store != null) ? new StoreId(store) : null,
				channels(rs), ChannelMode.fromKey(rs.getString("channel_mode")), audience,
				rs.getObject("template_id", UUID.class), rs.getString("body"), rs.getString("category"), schedule,
				rs.getLong("unit_cost_micros"));
		return new Broadcast(rs.getObject("id", UUID.class), draft, BroadcastStatus.fromKey(rs.getString("status")),
				rs.getString("author_id"), rs.getString("author_label"), rs.getString("approved_by_label"),
				instant(rs, "approved_at"), rs.getString("review_comment"), rs.getString("failure_reason"),
				instant(rs, "launched_at"), instant(rs, "finished_at"), instant(rs, "created_at"),
				instant(rs, "updated_at"), rs.getLong("version"));
	}

	private static List<Channel> channels(ResultSet rs) throws SQLException {
		Array array = rs.getArray("channels");
		if (array == null) {
			return List.of(Channel.fromKey(rs.getString("channel")));
		}
		return Arrays.stream((String[]) array.getArray()).map(Channel::fromKey).toList();
	}

	private static @Nullable Audience audience(ResultSet rs) throws SQLException {
		String kind = rs.getString("audience_kind");
		if (kind == null) {
			return null;
		}
		String criteria = rs.getString("criteria");
		return new Audience(Audience.Kind.valueOf(kind.toUpperCase()), rs.getObject("segment_id", UUID.class),
				rs.getObject("list_id", UUID.class), (criteria != null) ? CriteriaJson.read(criteria) : null);
	}

	static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/** The columns a draft writes, in {@link #DRAFT_COLUMNS} order. */
	static Object[] draftValues(BroadcastDraft draft) {
		Audience audience = draft.audience();
		Schedule schedule = draft.schedule();
		LocalDateTime local = schedule.localSendAt();
		return new Object[] { (draft.storeId() != null) ? draft.storeId().value() : null, draft.name(),
				draft.channel().key(), draft.channels().stream().map(Channel::key).toArray(String[]::new),
				draft.mode().key(), (audience != null) ? audience.kind().name().toLowerCase() : null,
				(audience != null) ? audience.segmentId() : null, (audience != null) ? audience.listId() : null,
				(audience != null && audience.criteria() != null) ? CriteriaJson.write(audience.criteria()) : null,
				draft.templateId(), draft.body(), draft.category(), schedule.kind().name().toLowerCase(),
				timestamp(schedule.sendAt()), (local != null) ? Timestamp.valueOf(local) : null,
				timestamp(schedule.windowEnd()), schedule.maxPerMinute(), schedule.maxPerHour(),
				schedule.jitterSeconds(), draft.unitCostMicros() };
	}

	static final String DRAFT_COLUMNS = "store_id, name, channel, channels, channel_mode, audience_kind, segment_id, list_id, criteria,"
			+ " template_id, body, category, schedule_kind, send_at, local_send_at, window_end, max_per_minute,"
			+ " max_per_hour, jitter_seconds, unit_cost_micros";

	static final String DRAFT_PLACEHOLDERS = "?, ?, ?, CAST(? AS varchar[]), ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

	private static @Nullable OffsetDateTime timestamp(@Nullable Instant instant) {
		return (instant != null) ? instant.atOffset(java.time.ZoneOffset.UTC) : null;
	}

	/**
	 * What the audit records of a broadcast: no bodies of personal data, only settings.
	 */
	static Map<String, Object> summary(Broadcast broadcast) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("name", broadcast.name());
		summary.put("status", broadcast.status().key());
		summary.put("channel", broadcast.channel().key());
		if (broadcast.draft().multiChannel()) {
			summary.put("channels", broadcast.channels().stream().map(Channel::key).toList());
			summary.put("mode", broadcast.draft().mode().key());
		}
		Audience audience = broadcast.draft().audience();
		if (audience != null) {
			summary.put("audience", audience.kind().name().toLowerCase());
		}
		summary.put("schedule", broadcast.draft().schedule().kind().name().toLowerCase());
		summary.put("category", String.valueOf(broadcast.draft().category()));
		if (broadcast.draft().body() != null) {
			summary.put("bodyLength", broadcast.draft().body().length());
		}
		return summary;
	}

}
