package com.herald.delivery;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.channel.DeliveryStatusSink;
import com.herald.channel.EngagementEvent;
import com.herald.channel.ReplySink;
import com.herald.channel.StatusUpdate;
import com.herald.consent.Channel;
import com.herald.consent.SuppressionReason;
import com.herald.consent.SuppressionService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Applies provider reports to deliveries. Idempotent and out-of-order safe: each report
 * is recorded once per kind ({@code delivery_events}), and moves the delivery only
 * forwards ({@code delivered} is never overwritten by a late {@code sent}). A report for
 * a send whose outcome was unknown resolves it (the provider did take it), so it is never
 * sent again. Rollups move with the delivery, in the same transaction.
 */
@Component
public class DeliveryStatusRecorder implements DeliveryStatusSink, ReplySink {

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final Rollups rollups;

	private final SuppressionService suppressions;

	private final Fallbacks fallbacks;

	DeliveryStatusRecorder(JdbcClient jdbc, TenantTransactions transactions, Rollups rollups,
			SuppressionService suppressions, Fallbacks fallbacks) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.rollups = rollups;
		this.suppressions = suppressions;
		this.fallbacks = fallbacks;
	}

	@Override
	public void apply(String provider, List<StatusUpdate> statuses, List<EngagementEvent> engagement) {
		for (StatusUpdate status : statuses) {
			locate(provider, status.deliveryId(), status.providerMessageId()).ifPresent((found) -> this.transactions
				.runInTenant(found.tenant(), () -> applyStatus(found.tenant(), found.id(), provider, status)));
		}
		for (EngagementEvent event : engagement) {
			locate(provider, event.deliveryId(), event.providerMessageId()).ifPresent((found) -> this.transactions
				.runInTenant(found.tenant(), () -> applyEngagement(found.tenant(), found.id(), event)));
		}
	}

	@Override
	public void apply(String provider, TenantId tenant, List<StatusUpdate> statuses) {
		this.transactions.runInTenant(tenant, () -> {
			for (StatusUpdate status : statuses) {
				if (status.deliveryId() != null && applyStatus(tenant, status.deliveryId(), provider, status)) {
					continue;
				}
				if (status.providerMessageId() != null) {
					this.jdbc.sql("""
							SELECT id FROM deliveries WHERE tenant_id = ? AND provider = ? AND provider_message_id = ?
							LIMIT 1""")
						.params(tenant.value(), provider, status.providerMessageId())
						.query(UUID.class)
						.optional()
						.ifPresent((id) -> applyStatus(tenant, id, provider, status));
				}
			}
		});
	}

	private record Located(TenantId tenant, UUID id) {
	}

	/**
	 * Callbacks carry no tenant: find the delivery by Herald's id, else the provider's.
	 */
	private Optional<Located> locate(String provider, @Nullable UUID deliveryId, @Nullable String providerMessageId) {
		return this.transactions.readAsPlatform(() -> {
			if (deliveryId != null) {
				Optional<Located> byId = this.jdbc.sql("SELECT tenant_id, id FROM deliveries WHERE id = ?")
					.param(deliveryId)
					.query((rs, row) -> new Located(new TenantId(rs.getObject("tenant_id", UUID.class)),
							rs.getObject("id", UUID.class)))
					.optional();
				if (byId.isPresent()) {
					return byId;
				}
			}
			if (providerMessageId == null) {
				return Optional.empty();
			}
			return this.jdbc
				.sql("SELECT tenant_id, id FROM deliveries WHERE provider = ? AND provider_message_id = ? LIMIT 1")
				.params(provider, providerMessageId)
				.query((rs, row) -> new Located(new TenantId(rs.getObject("tenant_id", UUID.class)),
						rs.getObject("id", UUID.class)))
				.optional();
		});
	}

	/**
	 * Applies one status report in the caller's tenant transaction. A report for a send
	 * the provider was not known to have (sending, held; or a dead letter that may be
	 * retried meanwhile) can complete the broadcast, so it locks the broadcast first, as
	 * cancel and recording do, then the delivery, then the counters: one lock order
	 * everywhere, so it never deadlocks with them. Reports for sent messages never
	 * complete it and leave the broadcast alone, so they do not queue behind each other.
	 */
	boolean applyStatus(TenantId tenant, UUID deliveryId, String provider, StatusUpdate status) {
		// the common case, a report on a message the provider has: it cannot complete the
		// broadcast, so the delivery alone is locked, in one round trip
		Current current = lockDelivery(tenant, deliveryId, true);
		if (current == null) {
			// the broadcast first when this report may complete it (a sent message never
			// goes back to pending, so the state read here, unlocked, is enough); no row:
			// the tenant has no such delivery
			boolean found = !this.jdbc.sql("""
					WITH d AS (SELECT broadcast_id, status FROM deliveries WHERE tenant_id = ? AND id = ?),
					     b AS (SELECT 1 FROM broadcasts b JOIN d ON b.id = d.broadcast_id
					           WHERE b.tenant_id = ? AND d.status IN ('queued', 'sending', 'held', 'failed')
					           FOR NO KEY UPDATE OF b)
					SELECT (SELECT count(*) FROM b) FROM d""")
				.params(tenant.value(), deliveryId, tenant.value())
				.query()
				.listOfRows()
				.isEmpty();
			if (!found) {
				return false;
			}
			current = java.util.Objects.requireNonNull(lockDelivery(tenant, deliveryId, false));
		}
		DeliveryState next = DeliveryState.of(status.status());
		Object[] event = { tenant.value(), deliveryId, status.status().key(),
				status.occurredAt().atOffset(ZoneOffset.UTC), status.errorCode(), truncate(status.errorMessage()) };
		if (!current.state().canAdvanceTo(next)) {
			this.jdbc.sql(RECORD_EVENT).params(event).update();
			return true;
		}
		// the event and the new state in one statement (positional parameters append: the
		// event's first, then the update's)
		this.jdbc.sql("WITH event AS (" + RECORD_EVENT + ") " + """
				UPDATE deliveries SET status = ?, status_at = ?, provider = coalesce(provider, ?),
				    provider_message_id = coalesce(provider_message_id, ?), sent_at = coalesce(sent_at, now()),
				    error_code = coalesce(?, error_code), error_message = coalesce(?, error_message), updated_at = now()
				WHERE tenant_id = ? AND id = ?""")
			.params(event)
			.params(next.key(), status.occurredAt().atOffset(ZoneOffset.UTC), provider, status.providerMessageId(),
					status.errorCode(), truncate(status.errorMessage()), tenant.value(), deliveryId)
			.update();
		Rollups.Delta delta = new Rollups.Delta();
		if (!current.state().withProvider()) {
			// the provider took a send whose outcome was unknown: it counts, and costs
			delta.sent = 1;
			delta.costMicros = current.costMicros();
		}
		if (next == DeliveryState.DELIVERED) {
			delta.delivered = 1;
		}
		else if (next == DeliveryState.UNDELIVERED) {
			delta.undelivered = 1;
		}
		this.rollups.apply(tenant, current.broadcastId(), current.channel(), delta);
		if (next == DeliveryState.UNDELIVERED) {
			// before any completion below: the fallback adds to the total
			this.fallbacks.afterPermanentFailure(tenant, deliveryId);
		}
		if (!current.state().withProvider()) {
			this.rollups.finishIfDone(tenant, current.broadcastId());
		}
		return true;
	}

	private static final String RECORD_EVENT = """
			INSERT INTO delivery_events (tenant_id, delivery_id, kind, occurred_at, error_code, detail)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";

	private record Current(DeliveryState state, UUID broadcastId, Channel channel, long costMicros) {
	}

	/**
	 * Locks the delivery and reads it; with {@code withProviderOnly}, only if the
	 * provider has it (else null).
	 */
	private @Nullable Current lockDelivery(TenantId tenant, UUID deliveryId, boolean withProviderOnly) {
		return this.jdbc
			.sql("""
					SELECT status, broadcast_id, channel, coalesce(cost_micros, 0) AS cost_micros FROM deliveries
					WHERE tenant_id = ? AND id = ?"""
					+ (withProviderOnly ? " AND status NOT IN ('queued', 'sending', 'held', 'failed')" : "")
					+ " FOR UPDATE")
			.params(tenant.value(), deliveryId)
			.query((rs, row) -> new Current(DeliveryState.fromKey(rs.getString("status")),
					rs.getObject("broadcast_id", UUID.class), Channel.fromKey(rs.getString("channel")),
					rs.getLong("cost_micros")))
			.optional()
			.orElse(null);
	}

	private void applyEngagement(TenantId tenant, UUID deliveryId, EngagementEvent event) {
		int recorded = this.jdbc.sql("""
				INSERT INTO delivery_events (tenant_id, delivery_id, kind, occurred_at, detail)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
			.params(tenant.value(), deliveryId, event.type().name().toLowerCase(),
					event.occurredAt().atOffset(ZoneOffset.UTC), truncate(event.detail()))
			.update();
		if (recorded == 0) {
			return;
		}
		record Target(UUID broadcastId, String channel, String address) {
		}
		Target target = this.jdbc
			.sql("SELECT broadcast_id, channel, address FROM deliveries WHERE tenant_id = ? AND id = ?")
			.params(tenant.value(), deliveryId)
			.query((rs, row) -> new Target(rs.getObject("broadcast_id", UUID.class), rs.getString("channel"),
					rs.getString("address")))
			.single();
		SuppressionReason reason = switch (event.type()) {
			case UNSUBSCRIBED -> SuppressionReason.UNSUBSCRIBED;
			case COMPLAINED -> SuppressionReason.COMPLAINT;
			case BOUNCED -> SuppressionReason.BOUNCED;
			default -> null;
		};
		if (event.type() == EngagementEvent.Type.BOUNCED) {
			// first: it locks the delivery before the suppression's audit record takes
			// the
			// tenant's audit lock, the order a status report of the same failure takes
			// them in
			this.fallbacks.afterPermanentFailure(tenant, deliveryId);
		}
		if (reason != null) {
			this.suppressions.add(Actor.system(tenant), Channel.fromKey(target.channel()), target.address(), reason,
					"Reported by the provider");
		}
		if (event.type() == EngagementEvent.Type.UNSUBSCRIBED || event.type() == EngagementEvent.Type.COMPLAINED) {
			Rollups.Delta delta = new Rollups.Delta();
			delta.optOuts = 1;
			this.rollups.apply(tenant, target.broadcastId(), delta);
		}
	}

	/**
	 * Attributes a reply to the last broadcast whose message reached the contact on that
	 * channel (none: the reply is not counted).
	 */
	@Override
	public void replied(TenantId tenant, UUID contactId, Channel channel, boolean optOut, Instant receivedAt) {
		this.transactions.runInTenant(tenant,
				() -> this.jdbc.sql("""
						SELECT broadcast_id FROM deliveries
						WHERE tenant_id = ? AND contact_id = ? AND channel = ? AND sent_at IS NOT NULL AND sent_at <= ?
						ORDER BY sent_at DESC LIMIT 1""")
					.params(tenant.value(), contactId, channel.key(), receivedAt.atOffset(ZoneOffset.UTC))
					.query(UUID.class)
					.optional()
					.ifPresent((broadcastId) -> {
						Rollups.Delta delta = new Rollups.Delta();
						delta.replies = 1;
						delta.optOuts = optOut ? 1 : 0;
						this.rollups.apply(tenant, broadcastId, delta);
					}));
	}

	private static @Nullable String truncate(@Nullable String text) {
		return (text != null && text.length() > 500) ? text.substring(0, 500) : text;
	}

}
