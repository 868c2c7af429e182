package com.herald.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.tenancy.Actor;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Reading a sandbox provider's outbox (SMS, email): what Herald would have sent, newest
 * first. Tenant admins and compliance officers see the tenant's; store managers their
 * stores' only. Each outbox table has {@code tenant_id, id, delivery_id, store_id,
 * created_at}.
 *
 * @param <T> an outbox entry
 */
public final class SandboxOutboxReads<T> {

	private static final Set<Role> READERS = Set.of(Role.TENANT_ADMIN, Role.STORE_MANAGER, Role.COMPLIANCE_OFFICER);

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final String table;

	private final String select;

	private final RowMapper<T> rows;

	/**
	 * @param table the outbox table
	 * @param columns the columns {@code rows} reads
	 */
	public SandboxOutboxReads(JdbcClient jdbc, TenantTransactions transactions, String table, String columns,
			RowMapper<T> rows) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.table = table;
		this.select = "SELECT " + columns + " FROM " + table;
		this.rows = rows;
	}

	/** One page of the outbox, newest first. */
	public Page<T> list(Actor actor, Pageable page) {
		TenantId tenant = requireReader(actor);
		Scope scope = Scope.of(actor);
		return this.transactions.readInTenant(tenant, () -> {
			List<Object> params = new ArrayList<>(List.of(tenant.value()));
			scope.addTo(params);
			long total = this.jdbc.sql("SELECT count(*) FROM " + this.table + " WHERE tenant_id = ?" + scope.sql)
				.params(params)
				.query(Long.class)
				.single();
			params.add(page.getPageSize());
			params.add(page.getOffset());
			List<T> items = this.jdbc
				.sql(this.select + " WHERE tenant_id = ?" + scope.sql
						+ " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")
				.params(params)
				.query(this.rows)
				.list();
			return new PageImpl<>(items, page, total);
		});
	}

	/** One entry, when it is in the caller's tenant (and stores). */
	public Optional<T> get(Actor actor, UUID id) {
		TenantId tenant = requireReader(actor);
		Scope scope = Scope.of(actor);
		return this.transactions.readInTenant(tenant, () -> {
			List<Object> params = new ArrayList<>(List.of(tenant.value(), id));
			scope.addTo(params);
			return this.jdbc.sql(this.select + " WHERE tenant_id = ? AND id = ?" + scope.sql)
				.params(params)
				.query(this.rows)
				.optional();
		});
	}

	/** The entry recorded for a delivery. */
	public Optional<T> find(TenantId tenant, UUID deliveryId) {
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql(this.select + " WHERE tenant_id = ? AND delivery_id = ?")
					.params(tenant.value(), deliveryId)
					.query(this.rows)
					.optional());
	}

	private static TenantId requireReader(Actor actor) {
		if (actor.role() == null || !READERS.contains(actor.role())) {
			throw new PermissionDeniedException("Your role does not allow you to see the outbox");
		}
		return actor.requireTenant();
	}

	/** Store managers see their stores' entries only. */
	private record Scope(String sql, UUID[] stores) {

		static Scope of(Actor actor) {
			if (!actor.hasRole(Role.STORE_MANAGER)) {
				return new Scope("", new UUID[0]);
			}
			return new Scope(" AND store_id = ANY (?)",
					actor.storeIds().stream().map(StoreId::value).toArray(UUID[]::new));
		}

		void addTo(List<Object> params) {
			if (!this.sql.isEmpty()) {
				params.add(this.stores);
			}
		}

	}

}
