package com.herald.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;

/**
 * Appends audit events with plain JDBC on the caller's transaction, so the event commits
 * or rolls back with the change it records. The database assigns the sequence number, the
 * time and the hash link.
 */
@Component
class JdbcAuditTrail implements AuditTrail {

	private static final int MAX_USER_AGENT = 512;

	private final JdbcTemplate jdbc;

	private final JsonMapper json = JsonMapper.builder().build();

	JdbcAuditTrail(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void record(Actor actor, String action, @Nullable Target target, @Nullable Map<String, ?> before,
			@Nullable Map<String, ?> after) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("An audit event must be written in the transaction of its change");
		}
		Map<String, Object> summary = new LinkedHashMap<>();
		if (before != null) {
			summary.put("before", before);
		}
		if (after != null) {
			summary.put("after", after);
		}
		this.jdbc.update("""
				INSERT INTO audit_events (tenant_id, actor_type, actor_id, actor_label, actor_role, store_id, action,
				                          target_type, target_id, summary, ip, user_agent)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
				""", AuditChains.of(actor.tenantId()), actor.type().name(), actor.id(), actor.label(),
				(actor.role() != null) ? actor.role().name() : null,
				(target != null && target.storeId() != null) ? target.storeId().value() : null, action,
				(target != null) ? target.type() : null, (target != null) ? target.id() : null,
				summary.isEmpty() ? null : this.json.writeValueAsString(summary), actor.ip(),
				truncate(actor.userAgent(), MAX_USER_AGENT));
	}

	private static @Nullable String truncate(@Nullable String value, int length) {
		return (value == null || value.length() <= length) ? value : value.substring(0, length);
	}

}
