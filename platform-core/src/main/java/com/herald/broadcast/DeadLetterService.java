package com.herald.broadcast;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.consent.Channel;
import com.herald.delivery.DeliveryTracking;
import com.herald.delivery.Requeued;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * The tenant's dead letters across broadcasts: listed newest failure first with keyset
 * paging (a cursor, so deep pages cost what the first does), filtered, and retried by id
 * or by filter. Store managers see and retry those of their stores' broadcasts only. A
 * retry goes broadcast by broadcast through {@link BroadcastService#retryDeadLetters}:
 * the same lock, state rules and audit as retrying from a broadcast's page.
 */
@Service
public class DeadLetterService {

	/** The largest page a caller may ask for. */
	public static final int MAX_PAGE = 100;

	/** The most dead letters one retry takes on. */
	public static final int MAX_RETRY = 100_000;

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final BroadcastService broadcasts;

	DeadLetterService(JdbcClient jdbc, TenantTransactions transactions, BroadcastService broadcasts) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.broadcasts = broadcasts;
	}

	/**
	 * A page of dead letters.
	 * @param cursor the previous page's {@link DeadLetterPage#nextCursor()}, or null for
	 * the newest
	 */
	public DeadLetterPage list(Actor actor, DeadLetterFilter filter, @Nullable String cursor, int size) {
		BroadcastPermissions.requireRead(actor);
		if (size < 1 || size > MAX_PAGE) {
			throw new InvalidInputException("size", "Use 1 to " + MAX_PAGE);
		}
		Where where = where(actor, filter);
		if (cursor != null && !cursor.isBlank()) {
			Cursor after = Cursor.parse(cursor);
			where.sql.append(" AND (d.updated_at, d.id) < (?, ?)");
			where.params.add(after.failedAt().atOffset(ZoneOffset.UTC));
			where.params.add(after.id());
		}
		where.params.add(size + 1);
		TenantId tenant = actor.requireTenant();
		List<DeadLetter> rows = this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql("""
						SELECT d.id, d.broadcast_id, b.name AS broadcast_name, d.channel, d.contact_id,
						       trim(concat_ws(' ', c.first_name, c.last_name)) AS contact_name, d.address, d.attempts,
						       d.error_code, d.error_message, d.updated_at
						""" + FROM + where.sql + " ORDER BY d.updated_at DESC, d.id DESC LIMIT ?")
					.params(where.params)
					.query((rs, row) -> {
						String name = rs.getString("contact_name");
						return new DeadLetter(rs.getObject("id", UUID.class), rs.getObject("broadcast_id", UUID.class),
								rs.getString("broadcast_name"), Channel.fromKey(rs.getString("channel")),
								rs.getObject("contact_id", UUID.class), (name == null || name.isBlank()) ? null : name,
								rs.getString("address"), rs.getInt("attempts"), rs.getString("error_code"),
								rs.getString("error_message"),
								rs.getObject("updated_at", OffsetDateTime.class).toInstant());
					})
					.list());
		if (rows.size() <= size) {
			return new DeadLetterPage(rows, null);
		}
		DeadLetter last = rows.get(size - 1);
		return new DeadLetterPage(rows.subList(0, size), new Cursor(last.failedAt(), last.deliveryId()).toString());
	}

	/** How many dead letters match (what a retry of all of them would take on). */
	public long count(Actor actor, DeadLetterFilter filter) {
		BroadcastPermissions.requireRead(actor);
		Where where = where(actor, filter);
		return this.transactions.readInTenant(actor.requireTenant(),
				() -> this.jdbc.sql("SELECT count(*)" + FROM + where.sql)
					.params(where.params)
					.query(Long.class)
					.single());
	}

	/**
	 * The broadcasts that have dead letters (the newest 200), by id: the filter's
	 * choices.
	 */
	public Map<UUID, String> broadcastsWithDeadLetters(Actor actor) {
		BroadcastPermissions.requireRead(actor);
		TenantId tenant = actor.requireTenant();
		boolean manager = actor.hasRole(Role.STORE_MANAGER);
		Map<UUID, String> found = new LinkedHashMap<>();
		this.transactions.readInTenant(tenant, () -> {
			this.jdbc.sql("""
					SELECT b.id, b.name FROM broadcasts b WHERE b.tenant_id = ?
					  AND (NOT ? OR b.store_id = ANY (?))
					  AND EXISTS (SELECT 1 FROM deliveries d WHERE d.tenant_id = b.tenant_id AND d.broadcast_id = b.id
					              AND d.status = 'failed')
					ORDER BY b.created_at DESC, b.id LIMIT 200""")
				.params(tenant.value(), manager, actor.storeIds().stream().map(StoreId::value).toArray(UUID[]::new))
				.query((rs) -> {
					found.put(rs.getObject("id", UUID.class), rs.getString("name"));
				});
			return found;
		});
		return found;
	}

	/**
	 * Retries the given dead letters; ids that are not the actor's dead letters are not.
	 */
	public RetryResult retry(Actor actor, List<UUID> deliveryIds) {
		BroadcastPermissions.requireWrite(actor);
		if (deliveryIds.isEmpty()) {
			throw new InvalidInputException("deliveryIds", "Choose the dead letters to retry");
		}
		if (deliveryIds.size() > MAX_RETRY) {
			throw new InvalidInputException("deliveryIds", "Retry at most " + MAX_RETRY + " at once");
		}
		Where where = where(actor, DeadLetterFilter.all());
		where.sql.append(" AND d.id = ANY (?)");
		where.params.add(deliveryIds.toArray(UUID[]::new));
		return retryFound(actor, where, deliveryIds.size());
	}

	/** Retries every dead letter the filter matches. */
	public RetryResult retryMatching(Actor actor, DeadLetterFilter filter) {
		BroadcastPermissions.requireWrite(actor);
		long matching = count(actor, filter);
		if (matching > MAX_RETRY) {
			throw new InvalidInputException("filter",
					matching + " dead letters match: narrow the filter to at most " + MAX_RETRY);
		}
		return retryFound(actor, where(actor, filter), (int) matching);
	}

	private RetryResult retryFound(Actor actor, Where where, int chosen) {
		// per broadcast, in id order (each locks its broadcast, as everywhere)
		Map<UUID, List<UUID>> byBroadcast = new TreeMap<>();
		this.transactions.readInTenant(actor.requireTenant(), () -> {
			this.jdbc.sql("SELECT d.broadcast_id, d.id" + FROM + where.sql).params(where.params).query((rs) -> {
				byBroadcast.computeIfAbsent(rs.getObject(1, UUID.class), (key) -> new ArrayList<>())
					.add(rs.getObject(2, UUID.class));
			});
			return byBroadcast;
		});
		int requeued = 0;
		int fellBack = 0;
		int suppressed = 0;
		for (Map.Entry<UUID, List<UUID>> broadcast : byBroadcast.entrySet()) {
			try {
				Requeued done = this.broadcasts.retryDeadLetters(actor, broadcast.getKey(), broadcast.getValue());
				requeued += done.requeued();
				fellBack += done.fellBack();
				suppressed += done.suppressed();
			}
			catch (BroadcastStateException ex) {
				// a cancelled broadcast's dead letters stay: counted as not retried
			}
		}
		return new RetryResult(requeued, chosen - requeued, fellBack, suppressed);
	}

	private static final String FROM = """
			 FROM deliveries d JOIN broadcasts b ON b.tenant_id = d.tenant_id AND b.id = d.broadcast_id
			JOIN contacts c ON c.tenant_id = d.tenant_id AND c.id = d.contact_id WHERE\s""";

	private record Where(StringBuilder sql, List<Object> params) {
	}

	private static Where where(Actor actor, DeadLetterFilter filter) {
		Where where = new Where(new StringBuilder("d.tenant_id = ? AND d.status = 'failed'"),
				new ArrayList<>(List.of(actor.requireTenant().value())));
		Map<String, @Nullable Object> conditions = new LinkedHashMap<>();
		conditions.put(" AND d.broadcast_id = ?", filter.broadcastId());
		conditions.put(" AND d.channel = ?", (filter.channel() != null) ? filter.channel().key() : null);
		conditions.put(" AND d.error_code = ?", blankToNull(filter.errorCode()));
		conditions.put(" AND d.updated_at >= ?", utc(filter.from()));
		conditions.put(" AND d.updated_at < ?", utc(filter.to()));
		conditions.forEach((sql, value) -> {
			if (value != null) {
				where.sql.append(sql);
				where.params.add(value);
			}
		});
		if (filter.search() != null && !filter.search().isBlank()) {
			String prefix = DeliveryTracking.likePrefix(filter.search());
			where.sql
				.append(" AND (lower(d.address) LIKE ? OR lower(c.first_name) LIKE ? OR lower(c.last_name) LIKE ?)");
			where.params.addAll(List.of(prefix, prefix, prefix));
		}
		if (actor.hasRole(Role.STORE_MANAGER)) {
			where.sql.append(" AND b.store_id = ANY (?)");
			where.params.add(actor.storeIds().stream().map(StoreId::value).toArray(UUID[]::new));
		}
		return where;
	}

	private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/** Where a page ends: the last row's failure time (to the microsecond) and id. */
	private record Cursor(Instant failedAt, UUID id) {

		static Cursor parse(String text) {
			String[] parts = text.strip().split("_", 2);
			try {
				long micros = Long.parseLong(parts[0]);
				return new Cursor(Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1000L)),
						UUID.fromString(parts[1]));
			}
			catch (RuntimeException ex) {
				throw new InvalidInputException("cursor", "This page link is not valid: start again from the newest");
			}
		}

		@Override
		public String toString() {
			long micros = Math.addExact(Math.multiplyExact(this.failedAt.getEpochSecond(), 1_000_000L),
					this.failedAt.getNano() / 1000);
			return micros + "_" + this.id;
		}

	}

}
