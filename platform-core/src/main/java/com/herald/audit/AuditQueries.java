package com.herald.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;

/**
 * The read side's SQL. Filters become bound parameters, never SQL text; the only text
 * that varies is which fixed predicates are present. Every query names its chain in
 * {@code WHERE tenant_id = ?} as well as relying on row-level security, so a platform
 * reader (who sees every row) still reads exactly one chain, and the primary key
 * {@code (tenant_id, seq)} serves both the keyset paging and the chain walk.
 */
final class AuditQueries {

	private static final String COLUMNS = """
			SELECT tenant_id, seq, id, occurred_at, actor_type, actor_id, actor_label, actor_role, store_id, action,
			       target_type, target_id, summary::text AS summary, ip, user_agent, prev_hash, hash
			FROM audit_events
			""";

	/**
	 * The chain in order, each event with its recomputed hash compared to the stored one
	 * and its link compared to the previous event's hash ({@code lag}): one pass over the
	 * primary key, no sort, streamed to the caller who stops at the first break.
	 */
	static final String VERIFY = """
			SELECT seq,
			       hash = audit_event_hash(e) AS hash_ok,
			       prev_hash IS NOT DISTINCT FROM lag(hash) OVER (ORDER BY seq) AS link_ok
			FROM audit_events e
			WHERE tenant_id = ?
			ORDER BY seq
			""";

	static final RowMapper<AuditEvent> EVENT = AuditQueries::event;

	private static final HexFormat HEX = HexFormat.of();

	private AuditQueries() {
	}

	/** A statement and its bound values, in order. */
	record Query(String sql, Object[] args) {

	}

	/** Newest first, older than {@code before} when given, at most {@code limit} rows. */
	static Query page(UUID chain, AuditFilter filter, @Nullable Long before, int limit) {
		List<Object> args = new ArrayList<>();
		StringBuilder sql = new StringBuilder(COLUMNS);
		where(sql, args, chain, filter);
		if (before != null) {
			sql.append(" AND seq < ?");
			args.add(before);
		}
		sql.append(" ORDER BY seq DESC LIMIT ?");
		args.add(limit);
		return new Query(sql.toString(), args.toArray());
	}

	static Query one(UUID chain, long seq) {
		return new Query(COLUMNS + " WHERE tenant_id = ? AND seq = ?", new Object[] { chain, seq });
	}

	/** Every matching event, oldest first: the order a reader of the file expects. */
	static Query export(UUID chain, AuditFilter filter) {
		List<Object> args = new ArrayList<>();
		StringBuilder sql = new StringBuilder(COLUMNS);
		where(sql, args, chain, filter);
		sql.append(" ORDER BY seq");
		return new Query(sql.toString(), args.toArray());
	}

	private static void where(StringBuilder sql, List<Object> args, UUID chain, AuditFilter filter) {
		sql.append(" WHERE tenant_id = ?");
		args.add(chain);
		if (filter.from() != null) {
			sql.append(" AND occurred_at >= ?");
			args.add(OffsetDateTime.ofInstant(filter.from(), java.time.ZoneOffset.UTC));
		}
		if (filter.to() != null) {
			sql.append(" AND occurred_at < ?");
			args.add(OffsetDateTime.ofInstant(filter.to(), java.time.ZoneOffset.UTC));
		}
		if (filter.actor() != null) {
			sql.append(" AND (actor_id = ? OR actor_label ILIKE ? ESCAPE '\\')");
			args.add(filter.actor());
			args.add("%" + likeEscaped(filter.actor()) + "%");
		}
		if (filter.action() != null) {
			if (filter.actionIsPrefix()) {
				sql.append(" AND action LIKE ? ESCAPE '\\'");
				args.add(likeEscaped(filter.actionPrefix()) + "%");
			}
			else {
				sql.append(" AND action = ?");
				args.add(filter.action());
			}
		}
		if (filter.storeId() != null) {
			sql.append(" AND store_id = ?");
			args.add(filter.storeId().value());
		}
		if (filter.targetType() != null) {
			sql.append(" AND target_type = ?");
			args.add(filter.targetType());
		}
		if (filter.targetId() != null) {
			sql.append(" AND target_id = ?");
			args.add(filter.targetId());
		}
	}

	/** The value matched literally by LIKE: its wildcards and the escape escaped. */
	static String likeEscaped(String value) {
		return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static AuditEvent event(ResultSet rows, int rowNumber) throws SQLException {
		byte[] prevHash = rows.getBytes("prev_hash");
		return new AuditEvent(rows.getObject("tenant_id", UUID.class), rows.getLong("seq"),
				rows.getObject("id", UUID.class), rows.getObject("occurred_at", OffsetDateTime.class).toInstant(),
				rows.getString("actor_type"), rows.getString("actor_id"), rows.getString("actor_label"),
				rows.getString("actor_role"), rows.getObject("store_id", UUID.class), rows.getString("action"),
				rows.getString("target_type"), rows.getString("target_id"), rows.getString("summary"),
				rows.getString("ip"), rows.getString("user_agent"), (prevHash != null) ? HEX.formatHex(prevHash) : null,
				HEX.formatHex(rows.getBytes("hash")));
	}

}
