package com.herald.sms;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.channel.DeliveryStatus;
import com.herald.channel.DeliveryStatusSink;
import com.herald.channel.StatusUpdate;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Twilio's status reports per message: every report is kept, and the message's status
 * only moves forward (a late {@code sent} never overwrites {@code delivered}; a repeated
 * report changes nothing). Reports that moved a message forward go on to the engine's
 * {@link DeliveryStatusSink}s.
 */
@Component
public class SmsStatuses {

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final ObjectProvider<DeliveryStatusSink> sinks;

	SmsStatuses(JdbcClient jdbc, TenantTransactions transactions, ObjectProvider<DeliveryStatusSink> sinks) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.sinks = sinks;
	}

	/**
	 * Records reports of one tenant's messages and hands on those that changed something.
	 * @return the reports that moved a message forward
	 */
	public List<StatusUpdate> record(String provider, TenantId tenant, List<StatusUpdate> updates) {
		// one transaction: the report and the engine's update commit (or fail and are
		// retried by the provider) together
		return this.transactions.inTenant(tenant, () -> {
			List<StatusUpdate> advanced = updates.stream().filter((update) -> recordOne(tenant, update)).toList();
			if (!advanced.isEmpty()) {
				this.sinks.orderedStream().forEach((sink) -> sink.apply(provider, tenant, advanced));
			}
			return advanced;
		});
	}

	/** The newest status reported for a delivery's message, if any report arrived. */
	public Optional<StatusUpdate> forDelivery(TenantId tenant, UUID deliveryId) {
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql("""
						SELECT message_sid, status, updated_at, error_code, error_message FROM sms_message_statuses
						WHERE tenant_id = ? AND delivery_id = ? ORDER BY status_rank DESC, updated_at DESC LIMIT 1""")
					.params(tenant.value(), deliveryId)
					.query((rs, n) -> new StatusUpdate(deliveryId, rs.getString(1),
							DeliveryStatus.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
							rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getString(5)))
					.optional());
	}

	private boolean recordOne(TenantId tenant, StatusUpdate update) {
		// the event and the latest status in one statement (one round trip per callback
		// less); the count is the status upsert's: whether this report moved it forward
		return this.jdbc
			.sql("""
					WITH event AS (INSERT INTO sms_status_events (tenant_id, id, message_sid, delivery_id, status, error_code)
					               VALUES (?, ?, ?, ?, ?, ?))
					INSERT INTO sms_message_statuses AS s (tenant_id, message_sid, delivery_id, status, status_rank,
					    error_code, error_message)
					VALUES (?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (tenant_id, message_sid) DO UPDATE
					SET status = EXCLUDED.status, status_rank = EXCLUDED.status_rank,
					    error_code = COALESCE(EXCLUDED.error_code, s.error_code),
					    error_message = COALESCE(EXCLUDED.error_message, s.error_message),
					    delivery_id = COALESCE(s.delivery_id, EXCLUDED.delivery_id), updated_at = now()
					WHERE s.tenant_id = EXCLUDED.tenant_id AND s.status_rank < EXCLUDED.status_rank""")
			.params(tenant.value(), UUID.randomUUID(), update.providerMessageId(), update.deliveryId(),
					update.status().key(), update.errorCode())
			.params(tenant.value(), update.providerMessageId(), update.deliveryId(), update.status().key(),
					update.status().rank(), update.errorCode(), truncate(update.errorMessage()))
			.update() > 0;
	}

	private static @org.jspecify.annotations.Nullable String truncate(
			@org.jspecify.annotations.Nullable String message) {
		return (message == null || message.length() <= 500) ? message : message.substring(0, 500);
	}

}
