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
	 * changed, that channel's: appended as a delta row (see {@link #fold}), so concurrent
	 * changes of one broadcast never queue on its counter rows.
	 */
	void apply(TenantId tenant, UUID broadcastId, @Nullable Channel channel, Delta delta) {
		if (delta.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO broadcast_stat_deltas (tenant_id, broadcast_id, channel, sent, delivered, undelivered,
				    failed, skipped, replies, opt_outs, cost_micros)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(tenant.value(), broadcastId, (channel != null) ? channel.key() : null, delta.sent, delta.delivered,
					delta.undelivered, delta.failed, delta.skipped, delta.replies, delta.optOuts, delta.costMicros)
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

	/**
	 * Marks a sending broadcast completed when sent + failed + skipped = total. Every
	 * recorded batch asks: the counters are checked first (CASE fixes the order), so the
	 * look for unfinished deliveries, whose index range fills with the entries of rows
	 * already claimed and sent, runs only when the counts say it may be done.
	 */
	boolean finishIfDone(TenantId tenant, UUID broadcastId) {
		int changed = this.jdbc.sql("""
				UPDATE broadcasts b SET status = 'completed', finished_at = now(), updated_at = now(),
				    version = b.version + 1
				FROM broadcast_stats_now s
				WHERE b.tenant_id = ? AND b.id = ? AND b.status = 'sending'
				  AND s.tenant_id = b.tenant_id AND s.broadcast_id = b.id
				  AND CASE WHEN s.sent + s.failed + s.skipped >= s.total
				      THEN NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.tenant_id = b.tenant_id
				                       AND d.broadcast_id = b.id AND d.status IN ('queued', 'sending', 'held'))
				      ELSE false END""").params(tenant.value(), broadcastId).update();
		if (changed > 0) {
			this.audit.record(Actor.system(tenant), "broadcast.completed",
					AuditTrail.Target.of("broadcast", broadcastId), Map.of("status", "sending"),
					Map.of("status", "completed"));
		}
		return changed > 0;
	}

	/**
	 * Folds the broadcast's deltas into its counter rows: the deltas deleted and added in
	 * one statement, so a reader of the {@code _now} views sees either the deltas or the
	 * rows that hold them, never both or neither. Deltas committed meanwhile stay for the
	 * next fold.
	 * @return how many deltas were folded
	 */
	int fold(TenantId tenant, UUID broadcastId) {
		// the counter row first, as the launch and fallbacks take it (then the channel's)
		this.jdbc.sql("SELECT 1 FROM broadcast_stats WHERE tenant_id = ? AND broadcast_id = ? FOR NO KEY UPDATE")
			.params(tenant.value(), broadcastId)
			.query()
			.listOfRows();
		return this.jdbc.sql("""
				WITH d AS (DELETE FROM broadcast_stat_deltas WHERE tenant_id = ? AND broadcast_id = ? RETURNING *),
				     c AS (UPDATE broadcast_channel_stats s
				           SET sent = s.sent + x.sent, delivered = s.delivered + x.delivered,
				               undelivered = s.undelivered + x.undelivered, failed = s.failed + x.failed,
				               skipped = s.skipped + x.skipped, cost_micros = s.cost_micros + x.cost_micros
				           FROM (SELECT channel, sum(sent) AS sent, sum(delivered) AS delivered,
				                        sum(undelivered) AS undelivered, sum(failed) AS failed, sum(skipped) AS skipped,
				                        sum(cost_micros) AS cost_micros
				                 FROM d WHERE channel IS NOT NULL GROUP BY channel) x
				           WHERE s.tenant_id = ? AND s.broadcast_id = ? AND s.channel = x.channel),
				     b AS (UPDATE broadcast_stats s
				           SET sent = s.sent + x.sent, delivered = s.delivered + x.delivered,
				               undelivered = s.undelivered + x.undelivered, failed = s.failed + x.failed,
				               skipped = s.skipped + x.skipped, replies = s.replies + x.replies,
				               opt_outs = s.opt_outs + x.opt_outs, cost_micros = s.cost_micros + x.cost_micros
				           FROM (SELECT sum(sent) AS sent, sum(delivered) AS delivered, sum(undelivered) AS undelivered,
				                        sum(failed) AS failed, sum(skipped) AS skipped, sum(replies) AS replies,
				                        sum(opt_outs) AS opt_outs, sum(cost_micros) AS cost_micros, count(*) AS n
				                 FROM d) x
				           WHERE s.tenant_id = ? AND s.broadcast_id = ? AND x.n > 0)
				SELECT count(*) FROM d""")
			.params(tenant.value(), broadcastId, tenant.value(), broadcastId, tenant.value(), broadcastId)
			.query(Integer.class)
			.single();
	}

}
