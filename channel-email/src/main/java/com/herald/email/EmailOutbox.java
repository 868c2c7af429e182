package com.herald.email;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.channel.OutboundMessage;
import com.herald.tenancy.Actor;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * The sandbox email provider's outbox: what Herald would have sent, newest first. Tenant
 * admins and compliance officers see the tenant's; store managers their stores' only.
 */
@Service
public class EmailOutbox {

	private static final Set<Role> READERS = Set.of(Role.TENANT_ADMIN, Role.STORE_MANAGER, Role.COMPLIANCE_OFFICER);

	private static final String COLUMNS = "id, delivery_id, store_id, to_address, from_address, from_name, reply_to, "
			+ "subject, html, text_body, list_unsubscribe, category, status, created_at, delivered_at";

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	EmailOutbox(JdbcClient jdbc, TenantTransactions transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** One page of the outbox, newest first. */
	public Page<OutboxEmail> list(Actor actor, Pageable page) {
		TenantId tenant = requireReader(actor);
		Scope scope = Scope.of(actor);
		return this.transactions.readInTenant(tenant, () -> {
			List<Object> params = new ArrayList<>(List.of(tenant.value()));
			scope.addTo(params);
			long total = this.jdbc.sql("SELECT count(*) FROM email_outbox WHERE tenant_id = ?" + scope.sql)
				.params(params)
				.query(Long.class)
				.single();
			params.add(page.getPageSize());
			params.add(page.getOffset());
			List<OutboxEmail> items = this.jdbc
				.sql("SELECT " + COLUMNS + " FROM email_outbox WHERE tenant_id = ?" + scope.sql
						+ " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")
				.params(params)
				.query(EmailOutbox::email)
				.list();
			return new PageImpl<>(items, page, total);
		});
	}

	/**
	 * One outbox entry.
	 * @throws NotFoundException when it is not in the caller's tenant (or stores)
	 */
	public OutboxEmail get(Actor actor, UUID id) {
		TenantId tenant = requireReader(actor);
		Scope scope = Scope.of(actor);
		return this.transactions.readInTenant(tenant, () -> {
			List<Object> params = new ArrayList<>(List.of(tenant.value(), id));
			scope.addTo(params);
			return this.jdbc.sql("SELECT " + COLUMNS + " FROM email_outbox WHERE tenant_id = ? AND id = ?" + scope.sql)
				.params(params)
				.query(EmailOutbox::email)
				.optional()
				.orElseThrow(() -> new NotFoundException("Email", id));
		});
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
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql("SELECT " + COLUMNS + " FROM email_outbox WHERE tenant_id = ? AND delivery_id = ?")
					.params(tenant.value(), deliveryId)
					.query(EmailOutbox::email)
					.optional());
	}

	private static TenantId requireReader(Actor actor) {
		if (actor.role() == null || !READERS.contains(actor.role())) {
			throw new PermissionDeniedException("Your role does not allow you to see the outbox");
		}
		return actor.requireTenant();
	}

	/** Store managers see their stores' email only. */
	private record Scope(String sql, UUID @Nullable [] stores) {

		static Scope of(Actor actor) {
			if (!actor.hasRole(Role.STORE_MANAGER)) {
				return new Scope("", null);
			}
			return new Scope(" AND store_id = ANY (?)",
					actor.storeIds().stream().map(StoreId::value).toArray(UUID[]::new));
		}

		void addTo(List<Object> params) {
			if (this.stores != null) {
				params.add(this.stores);
			}
		}

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
