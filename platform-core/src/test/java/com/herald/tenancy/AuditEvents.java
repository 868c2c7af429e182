package com.herald.tenancy;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.audit.AuditChains;

/**
 * Reads the audit trail the way the application role sees it (through
 * {@link TenantTransactions}, so row-level security applies), for tests that check a
 * command left exactly the events it should.
 */
final class AuditEvents {

	/** One event, as far as these tests look at it. */
	record Event(UUID chain, long seq, String action, String actorType, @Nullable String actorId,
			@Nullable String actorRole, @Nullable String targetType, @Nullable String targetId,
			@Nullable UUID storeId) {

	}

	private static final String SELECT = "SELECT tenant_id, seq, action, actor_type, actor_id, actor_role,"
			+ " target_type, target_id, store_id FROM audit_events WHERE tenant_id = ? AND seq > ? ORDER BY seq";

	private final TenantTransactions transactions;

	private final JdbcTemplate jdbc;

	AuditEvents(TenantTransactions transactions, JdbcTemplate jdbc) {
		this.transactions = transactions;
		this.jdbc = jdbc;
	}

	/** Where a tenant's chain ends now; pass it to {@link #since} after the command. */
	long mark(TenantId tenant) {
		return this.transactions.readInTenant(tenant, () -> lastSeq(tenant.value()));
	}

	long markPlatform() {
		return this.transactions.readAsPlatform(() -> lastSeq(AuditChains.PLATFORM));
	}

	/** The tenant's events after {@code mark}, read while bound to that tenant. */
	List<Event> since(TenantId tenant, long mark) {
		return this.transactions.readInTenant(tenant, () -> query(tenant.value(), mark));
	}

	/** The platform chain's events after {@code mark}. */
	List<Event> platformSince(long mark) {
		return this.transactions.readAsPlatform(() -> query(AuditChains.PLATFORM, mark));
	}

	private long lastSeq(UUID chain) {
		Long seq = this.jdbc.queryForObject("SELECT coalesce(max(seq), 0) FROM audit_events WHERE tenant_id = ?",
				Long.class, chain);
		return (seq != null) ? seq : 0;
	}

	private List<Event> query(UUID chain, long mark) {
		return this.jdbc.query(SELECT,
				(row, i) -> new Event(row.getObject("tenant_id", UUID.class), row.getLong("seq"),
						row.getString("action"), row.getString("actor_type"), row.getString("actor_id"),
						row.getString("actor_role"), row.getString("target_type"), row.getString("target_id"),
						row.getObject("store_id", UUID.class)),
				chain, mark);
	}

}
