package com.herald.sms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.channel.OutboundMessage;
import com.herald.tenancy.Actor;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * The sandbox providers' outbox: what Herald would have sent, newest first. Tenant admins
 * and compliance officers see the tenant's; store managers see their stores' only.
 */
@Service
public class SmsOutbox {

	private static final Set<Role> READERS = Set.of(Role.TENANT_ADMIN, Role.STORE_MANAGER, Role.COMPLIANCE_OFFICER);

	private static final String COLUMNS = "id, delivery_id, store_id, channel, to_address, from_address, body, status, "
			+ "created_at, delivered_at";

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	SmsOutbox(JdbcClient jdbc, TenantTransactions transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** One page of the outbox, newest first. */
	public Page<OutboxMessage> list(Actor actor, Pageable page) {
		if (actor.role() == null || !READERS.contains(actor.role())) {
			throw new PermissionDeniedException("Your role does not allow you to see the outbox");
		}
		TenantId tenant = actor.requireTenant();
		boolean storeLimited = actor.hasRole(Role.STORE_MANAGER);
		UUID[] stores = actor.storeIds().stream().map(StoreId::value).toArray(UUID[]::new);
		String scope = storeLimited ? " AND store_id = ANY (?)" : "";
		return this.transactions.readInTenant(tenant, () -> {
			List<Object> params = new java.util.ArrayList<>(List.of(tenant.value()));
			if (storeLimited) {
				params.add(stores);
			}
			long total = this.jdbc.sql("SELECT count(*) FROM sms_outbox WHERE tenant_id = ?" + scope)
				.params(params)
				.query(Long.class)
				.single();
			params.add(page.getPageSize());
			params.add(page.getOffset());
			List<OutboxMessage> items = this.jdbc
				.sql("SELECT " + COLUMNS + " FROM sms_outbox WHERE tenant_id = ?" + scope
						+ " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")
				.params(params)
				.query(SmsOutbox::message)
				.list();
			return new PageImpl<>(items, page, total);
		});
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
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql("SELECT " + COLUMNS + " FROM sms_outbox WHERE tenant_id = ? AND delivery_id = ?")
					.params(tenant.value(), deliveryId)
					.query(SmsOutbox::message)
					.optional());
	}

	static OutboxMessage message(ResultSet rs, int n) throws SQLException {
		Timestamp delivered = rs.getTimestamp("delivered_at");
		return new OutboxMessage(rs.getObject("id", UUID.class), rs.getObject("delivery_id", UUID.class),
				rs.getObject("store_id", UUID.class), rs.getString("channel"), rs.getString("to_address"),
				rs.getString("from_address"), rs.getString("body"), rs.getString("status"),
				rs.getTimestamp("created_at").toInstant(), (delivered != null) ? delivered.toInstant() : null);
	}

}
