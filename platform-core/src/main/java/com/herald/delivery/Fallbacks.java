package com.herald.delivery;

import java.sql.Array;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.consent.Channel;
import com.herald.consent.Reachability;
import com.herald.contact.ContactId;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.TenantId;

/**
 * Runtime fallback of fallback-mode broadcasts: when a recipient's delivery fails for
 * good (the provider refused it, reported it undelivered or failed, or it bounced), the
 * recipient gets a delivery on the next listed channel they may receive at that moment
 * (address, suppression, consent, category choice, pause; quiet hours move it later), as
 * step + 1. Transient failures never get here: they retry on their own channel.
 * <p>
 * Exactly once per failed delivery: the failed delivery's row is locked first (every
 * recording path holds or takes that lock), then a later step of the recipient, if any,
 * means it is done; {@code deliveries_recipient_key} backs that up. The new delivery
 * counts like any other (total on its channel and the broadcast, so sent + failed +
 * skipped = total holds); {@code broadcast_channel_stats.fell_back} counts the failed
 * channel's recipients that moved on, {@code fallbacks} the deliveries a channel got that
 * way. A broadcast that had completed (a late undelivered receipt) goes back to sending
 * until the fallback is done.
 */
@Component
class Fallbacks {

	private final JdbcClient jdbc;

	private final Reachability reachability;

	private final AuditTrail audit;

	private final Clock clock;

	Fallbacks(JdbcClient jdbc, Reachability reachability, AuditTrail audit, Clock clock) {
		this.jdbc = jdbc;
		this.reachability = reachability;
		this.audit = audit;
		this.clock = clock;
	}

	private record Failed(UUID broadcastId, UUID contactId, Channel channel, int step, @Nullable UUID storeId,
			String broadcastStatus, boolean fallbackMode, List<Channel> channels, String category) {
	}

	/**
	 * Called, in the caller's tenant transaction, once a delivery has failed for good.
	 * @return the channel queued next, if any
	 */
	Optional<Channel> afterPermanentFailure(TenantId tenant, UUID deliveryId) {
		Failed failed = this.jdbc
			.sql("""
					SELECT d.broadcast_id, d.contact_id, d.channel, d.step, d.store_id, b.status, b.channel_mode, b.channels,
					       b.category
					FROM deliveries d JOIN broadcasts b ON b.tenant_id = d.tenant_id AND b.id = d.broadcast_id
					WHERE d.tenant_id = ? AND d.id = ? FOR NO KEY UPDATE OF d""")
			.params(tenant.value(), deliveryId)
			.query((rs, row) -> new Failed(rs.getObject("broadcast_id", UUID.class),
					rs.getObject("contact_id", UUID.class), Channel.fromKey(rs.getString("channel")), rs.getInt("step"),
					rs.getObject("store_id", UUID.class), rs.getString("status"),
					"fallback".equals(rs.getString("channel_mode")), channels(rs.getArray("channels")),
					rs.getString("category")))
			.optional()
			.orElse(null);
		if (failed == null || !failed.fallbackMode()
				|| !List.of("sending", "paused", "completed").contains(failed.broadcastStatus())) {
			return Optional.empty();
		}
		boolean moved = this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM deliveries WHERE tenant_id = ? AND broadcast_id = ? AND contact_id = ?
				               AND step > ?)""")
			.params(tenant.value(), failed.broadcastId(), failed.contactId(), failed.step())
			.query(Boolean.class)
			.single();
		if (moved) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		List<Channel> later = failed.channels()
			.subList(failed.channels().indexOf(failed.channel()) + 1, failed.channels().size());
		for (Channel next : later) {
			Instant notBefore = allowedAt(tenant, failed, next, now);
			if (notBefore != null && queue(tenant, failed, next, notBefore)) {
				return Optional.of(next);
			}
		}
		return Optional.empty();
	}

	/** When the recipient may get the channel (now, or after quiet hours), or null. */
	private @Nullable Instant allowedAt(TenantId tenant, Failed failed, Channel channel, Instant now) {
		Reachability.Verdict verdict;
		try {
			verdict = this.reachability.check(tenant, new ContactId(failed.contactId()), channel, failed.category(),
					now);
		}
		catch (NotFoundException | InvalidInputException ex) {
			// the contact was erased, or the tenant dropped the category: nothing to send
			return null;
		}
		if (verdict.allowed()) {
			return now;
		}
		return (verdict.reason() == Reachability.Reason.QUIET_HOURS) ? verdict.notBefore() : null;
	}

	private boolean queue(TenantId tenant, Failed failed, Channel channel, Instant notBefore) {
		String column = switch (channel) {
			case SMS, WHATSAPP -> "phone_e164";
			case EMAIL -> "email";
			case PUSH -> "NULL::text";
		};
		int inserted = this.jdbc
			.sql("""
					INSERT INTO deliveries (tenant_id, id, broadcast_id, contact_id, channel, step, store_id, address,
					                        not_before)
					SELECT c.tenant_id, gen_random_uuid(), ?, c.id, ?, ?, ?, c.%s, ?
					FROM contacts c WHERE c.tenant_id = ? AND c.id = ? AND c.%s IS NOT NULL
					ON CONFLICT (tenant_id, broadcast_id, contact_id, channel, step) DO NOTHING""".formatted(column,
					column))
			.params(failed.broadcastId(), channel.key(), failed.step() + 1, failed.storeId(),
					notBefore.atOffset(ZoneOffset.UTC), tenant.value(), failed.contactId())
			.update();
		if (inserted == 0) {
			return false;
		}
		this.jdbc.sql("UPDATE broadcast_stats SET total = total + 1 WHERE tenant_id = ? AND broadcast_id = ?")
			.params(tenant.value(), failed.broadcastId())
			.update();
		this.jdbc.sql("""
				UPDATE broadcast_channel_stats
				SET total = total + CASE WHEN channel = ? THEN 1 ELSE 0 END,
				    fallbacks = fallbacks + CASE WHEN channel = ? THEN 1 ELSE 0 END,
				    fell_back = fell_back + CASE WHEN channel = ? THEN 1 ELSE 0 END
				WHERE tenant_id = ? AND broadcast_id = ? AND channel IN (?, ?)""")
			.params(channel.key(), channel.key(), failed.channel().key(), tenant.value(), failed.broadcastId(),
					channel.key(), failed.channel().key())
			.update();
		if ("completed".equals(failed.broadcastStatus())) {
			this.jdbc.sql("""
					UPDATE broadcasts SET status = 'sending', finished_at = NULL, updated_at = now(),
					    version = version + 1
					WHERE tenant_id = ? AND id = ? AND status = 'completed'""")
				.params(tenant.value(), failed.broadcastId())
				.update();
			this.audit.record(Actor.system(tenant), "broadcast.reopened",
					AuditTrail.Target.of("broadcast", failed.broadcastId()), Map.of("status", "completed"),
					Map.of("status", "sending", "reason", "fallback to " + channel.key()));
		}
		return true;
	}

	private static List<Channel> channels(@Nullable Array array) throws java.sql.SQLException {
		if (array == null) {
			return List.of();
		}
		return Arrays.stream((Object[]) array.getArray()).map((key) -> Channel.fromKey((String) key)).toList();
	}

}
