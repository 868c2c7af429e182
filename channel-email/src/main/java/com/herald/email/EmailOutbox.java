package com.herald.email;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.channel.OutboundMessage;
import com.herald.channel.SandboxOutboxReads;
import com.herald.tenancy.Actor;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * The sandbox email provider's outbox: what Herald would have sent, newest first. Tenant
 * admins and compliance officers see the tenant's; store managers their stores' only.
 */
@Service
public class EmailOutbox {

	private static final String COLUMNS = "id, delivery_id, store_id, to_address, from_address, from_name, reply_to, "
			+ "subject, html, text_body, list_unsubscribe, category, status, created_at, delivered_at";

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final SandboxOutboxReads<OutboxEmail> reads;

	EmailOutbox(JdbcClient jdbc, TenantTransactions transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.reads = new SandboxOutboxReads<>(jdbc, transactions, "email_outbox", COLUMNS, EmailOutbox::email);
	}

	/** One page of the outbox, newest first. */
	public Page<OutboxEmail> list(Actor actor, Pageable page) {
		return this.reads.list(actor, page);
	}

	/**
	 * One outbox entry.
	 * @throws NotFoundException when it is not in the caller's tenant (or stores)
	 */
	public OutboxEmail get(Actor actor, UUID id) {
		return this.reads.get(actor, id).orElseThrow(() -> new NotFoundException("Email", id));
	}

	/**
	 * Records an email the sandbox "sent". Recording the same delivery again returns the
	 * first entry: a retried send never shows twice.
	 */
	public OutboxEmail record(OutboundMessage message, EmailSender sender, @Nullable String listUnsubscribe) {
		TenantId tenant = new TenantId(message.tenantId());
		String subject = (message.content().subject() != null) ? message.content().subject() : "";
		return this.transactions.inTenant(tenant, () -> {
			this.jdbc.sql("""
					INSERT INTO email_outbox (tenant_id, id, delivery_id, store_id, to_address, from_address, from_name,
					    reply_to, subject, html, text_body, list_unsubscribe, category)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (tenant_id, delivery_id) DO NOTHING""")
				.params(tenant.value(), UUID.randomUUID(), message.deliveryId(), message.storeId(), message.to(),
						sender.fromAddress(), sender.fromName(), sender.replyTo(), subject, message.content().html(),
						message.content().text(), listUnsubscribe, message.category())
				.update();
			return find(tenant, message.deliveryId()).orElseThrow();
		});
	}

	public Optional<OutboxEmail> find(TenantId tenant, UUID deliveryId) {
		return this.reads.find(tenant, deliveryId);
	}

	static OutboxEmail email(ResultSet rs, int n) throws SQLException {
		Timestamp delivered = rs.getTimestamp("delivered_at");
		return new OutboxEmail(rs.getObject("id", UUID.class), rs.getObject("delivery_id", UUID.class),
				rs.getObject("store_id", UUID.class), rs.getString("to_address"), rs.getString("from_address"),
				rs.getString("from_name"), rs.getString("reply_to"), rs.getString("subject"), rs.getString("html"),
				rs.getString("text_body"), rs.getString("list_unsubscribe"), rs.getString("category"),
				rs.getString("status"), rs.getTimestamp("created_at").toInstant(),
				(delivered != null) ? delivered.toInstant() : null);
	}

}
