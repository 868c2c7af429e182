package com.herald.sms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.channel.OutboundMessage;
import com.herald.channel.SandboxOutboxReads;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * The sandbox providers' outbox: what Herald would have sent, newest first. Tenant admins
 * and compliance officers see the tenant's; store managers see their stores' only.
 */
@Service
public class SmsOutbox {

	private static final String COLUMNS = "id, delivery_id, store_id, channel, to_address, from_address, body, status, "
			+ "created_at, delivered_at";

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final SandboxOutboxReads<OutboxMessage> reads;

	SmsOutbox(JdbcClient jdbc, TenantTransactions transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.reads = new SandboxOutboxReads<>(jdbc, transactions, "sms_outbox", COLUMNS, SmsOutbox::message);
	}

	/** One page of the outbox, newest first. */
	public Page<OutboxMessage> list(Actor actor, Pageable page) {
		return this.reads.list(actor, page);
	}

	/**
	 * Records a message the sandbox "sent". Recording the same delivery again returns the
	 * first entry: a retried send never shows twice.
	 */
	public OutboxMessage record(OutboundMessage message, String from) {
		TenantId tenant = new TenantId(message.tenantId());
		return this.transactions.inTenant(tenant, () -> {
			this.jdbc
				.sql("""
						INSERT INTO sms_outbox (tenant_id, id, delivery_id, store_id, channel, to_address, from_address, body)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?)
						ON CONFLICT (tenant_id, delivery_id) DO NOTHING""")
				.params(tenant.value(), UUID.randomUUID(), message.deliveryId(), message.storeId(),
						message.channel().key(), message.to(), from, message.content().text())
				.update();
			return find(tenant, message.deliveryId()).orElseThrow();
		});
	}

	public Optional<OutboxMessage> find(TenantId tenant, UUID deliveryId) {
		return this.reads.find(tenant, deliveryId);
	}

	static OutboxMessage message(ResultSet rs, int n) throws SQLException {
		Timestamp delivered = rs.getTimestamp("delivered_at");
		return new OutboxMessage(rs.getObject("id", UUID.class), rs.getObject("delivery_id", UUID.class),
				rs.getObject("store_id", UUID.class), rs.getString("channel"), rs.getString("to_address"),
				rs.getString("from_address"), rs.getString("body"), rs.getString("status"),
				rs.getTimestamp("created_at").toInstant(), (delivered != null) ? delivered.toInstant() : null);
	}

}
