package com.herald.delivery;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.consent.Channel;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.TenantId;

/**
 * Adjusts a broadcast's counters by deltas, in the caller's transaction, and completes
 * the broadcast once every delivery has a final state.
 */
@Component
class Rollups {

	private final JdbcClient jdbc;

	private final AuditTrail audit;

	Rollups(JdbcClient jdbc, AuditTrail audit) {
		this.jdbc = jdbc;
		this.audit = audit;
	}

	/** Counter deltas for one broadcast. */
	static final class Delta {

		long sent;

		long delivered;

		long undelivered;

		long failed;

		long skipped;

		long replies;

		long optOuts;

		/** What the messages that went out cost. */
		long costMicros;

		boolean isEmpty() {
			return this.sent == 0 && this.delivered == 0 && this.undelivered == 0 && this.failed == 0
					&& this.skipped == 0 && this.replies == 0 && this.optOuts == 0 && this.costMicros == 0;
		}

	}

	/**
	 * Adjusts the broadcast's counters only (replies and opt-outs are not per channel).
	 */
	void apply(TenantId tenant, UUID broadcastId, Delta delta) {
		apply(tenant, broadcastId, null, delta);
	}

	/**
	 * Adjusts the broadcast's counters and, given the channel of the deliveries that
	 * changed, that channel's.
	 */
	void apply(TenantId tenant, UUID broadcastId, @Nullable Channel channel, Delta delta) {
		if (delta.isEmpty()) {
			return;
		}
		if (channel != null && (delta.sent != 0 || delta.delivered != 0 || delta.undelivered != 0 || delta.failed != 0
				|| delta.skipped != 0 || delta.costMicros != 0)) {
			this.jdbc.sql("""
					UPDATE broadcast_channel_stats SET sent = sent + ?, delivered = delivered + ?,
					    undelivered = undelivered + ?, failed = failed + ?, skipped = skipped + ?,
					    cost_micros = cost_micros + ?
					WHERE tenant_id = ? AND broadcast_id = ? AND channel = ?""")
				.params(delta.sent, delta.delivered, delta.undelivered, delta.failed, delta.skipped, delta.costMicros,
						tenant.value(), broadcastId, channel.key())
				.update();
		}
		this.jdbc.sql("""
				UPDATE broadcast_stats SET sent = sent + ?, delivered = delivered + ?, undelivered = undelivered + ?,
				    failed = failed + ?, skipped = skipped + ?, replies = replies + ?, opt_outs = opt_outs + ?,
				    cost_micros = cost_micros + ?
				WHERE tenant_id = ? AND broadcast_id = ?""")
			.params(delta.sent, delta.delivered, delta.undelivered, delta.failed, delta.skipped, delta.replies,
					delta.optOuts, delta.costMicros, tenant.value(), broadcastId)
			.update();
		if (delta.sent != 0) {
			this.jdbc.sql("""
					INSERT INTO broadcast_send_minutes (tenant_id, broadcast_id, minute, sent)
					VALUES (?, ?, date_trunc('minute', now()), ?)
					ON CONFLICT (tenant_id, broadcast_id, minute) DO UPDATE SET sent = broadcast_send_minutes.sent
					    + EXCLUDED.sent""").params(tenant.value(), broadcastId, delta.sent).update();
		}
	}

	/**
	 * Locks the broadcasts, in id order, before any of their deliveries or counters: the
	 * house lock order (broadcast, delivery, counters) that pause, cancel, status reports
	 * and {@link #finishIfDone} follow, so transactions that change deliveries never
	 * deadlock with them or with each other.
	 * @return each broadcast's status
	 */
	Map<UUID, String> lockBroadcasts(TenantId tenant, Collection<UUID> broadcastIds) {
		Map<UUID, String> statuses = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT id, status FROM broadcasts WHERE tenant_id = ? AND id = ANY (?) ORDER BY id
				FOR NO KEY UPDATE""").params(tenant.value(), broadcastIds.toArray(UUID[]::new)).query((rs) -> {
			statuses.put(rs.getObject("id", UUID.class), rs.getString("status"));
		});
		return statuses;
	}

	/** Marks a sending broadcast completed when sent + failed + skipped = total. */
	boolean finishIfDone(TenantId tenant, UUID broadcastId) {
		int changed = this.jdbc.sql("""
				UPDATE broadcasts b SET status = 'completed', finished_at = now(), updated_at = now(),
				    version = b.version + 1
				FROM broadcast_stats s
				WHERE b.tenant_id = ? AND b.id = ? AND b.status = 'sending'
				  AND s.tenant_id = b.tenant_id AND s.broadcast_id = b.id AND s.sent + s.failed + s.skipped >= s.total
				  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.tenant_id = b.tenant_id AND d.broadcast_id = b.id
				                  AND d.status IN ('queued', 'sending', 'held'))""")
			.params(tenant.value(), broadcastId)
			.update();
		if (changed > 0) {
			this.audit.record(Actor.system(tenant), "broadcast.completed",
					AuditTrail.Target.of("broadcast", broadcastId), Map.of("status", "sending"),
					Map.of("status", "completed"));
		}
		return changed > 0;
	}

}
