package com.herald.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.channel.SendResult;
import com.herald.consent.Channel;
import com.herald.consent.SuppressionReason;
import com.herald.consent.SuppressionService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * The send queue's state changes, each with its rollup deltas in the same transaction:
 * claiming due deliveries ({@code FOR UPDATE SKIP LOCKED}, so concurrent workers on any
 * node never claim the same row), recording send outcomes, skipping, re-queueing dead
 * letters, and finding claims whose outcome is unknown.
 */
@Component
public class DeliveryQueue {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final Rollups rollups;

	private final SuppressionService suppressions;

	private final Fallbacks fallbacks;

	DeliveryQueue(JdbcClient jdbc, TenantTransactions transactions, Rollups rollups, SuppressionService suppressions,
			Fallbacks fallbacks) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.rollups = rollups;
		this.suppressions = suppressions;
		this.fallbacks = fallbacks;
	}

	/**
	 * The tenant × channel pairs with a broadcast sending, across tenants: where workers
	 * look for due deliveries.
	 */
	public List<Lane> activeLanes() {
		return this.transactions.readAsPlatform(() -> this.jdbc.sql("""
				SELECT DISTINCT tenant_id, unnest(coalesce(channels, ARRAY[channel])) AS channel FROM broadcasts
				WHERE status = 'sending'""")
			.query((rs, row) -> new Lane(new TenantId(rs.getObject("tenant_id", UUID.class)),
					Channel.fromKey(rs.getString("channel"))))
			.list());
	}

	/**
	 * One tenant's sending channel.
	 *
	 * @param tenant the tenant
	 * @param channel the channel
	 */
	public record Lane(TenantId tenant, Channel channel) {
	}

	/**
	 * Claims up to {@code limit} due deliveries of sending broadcasts, oldest
	 * {@code not_before} first, and commits the claim ({@code sending}) before anything
	 * is sent: a crash after this leaves them to {@link #stale reconciliation}, never to
	 * a blind re-send.
	 */
	public List<ClaimedDelivery> claim(TenantId tenant, Channel channel, int limit, String worker, String provider) {
		return claim(tenant, channel, limit, worker, provider, Stores.ALL);
	}

	/**
	 * Claims as {@link #claim(TenantId, Channel, int, String, String)} does, only
	 * deliveries of the given stores (those sent as one sender).
	 */
	public List<ClaimedDelivery> claim(TenantId tenant, Channel channel, int limit, String worker, String provider,
			Stores stores) {
		if (limit <= 0) {
			return List.of();
		}
		boolean all = !stores.only() && stores.ids().isEmpty();
		return this.transactions.inTenant(tenant, () -> {
			List<UUID> ids = this.jdbc.sql("""
					UPDATE deliveries d SET status = 'sending', claimed_by = ?, claimed_at = now(), provider = ?,
					    attempts = d.attempts + 1, updated_at = now()
					FROM (SELECT q.tenant_id, q.id FROM deliveries q
					      JOIN broadcasts b ON b.tenant_id = q.tenant_id AND b.id = q.broadcast_id
					      WHERE q.tenant_id = ? AND q.channel = ? AND q.status = 'queued' AND q.not_before <= now()
					        AND b.status = 'sending' %s
					      ORDER BY q.not_before LIMIT ? FOR UPDATE OF q SKIP LOCKED) due
					WHERE d.tenant_id = due.tenant_id AND d.id = due.id
					RETURNING d.id""".formatted(all ? "" : "AND coalesce(q.store_id = ANY (?), false) = ?"))
				.params(all ? new Object[] { worker, provider, tenant.value(), channel.key(), limit }
						: new Object[] { worker, provider, tenant.value(), channel.key(),
								stores.ids().toArray(UUID[]::new), stores.only(), limit })
				.query(UUID.class)
				.list();
			return ids.isEmpty() ? List.of() : load(tenant, ids);
		});
	}

	/**
	 * Which stores' deliveries a claim takes: only those of {@code ids}, or every one but
	 * those (deliveries of no store included).
	 *
	 * @param only whether {@code ids} are the stores to take or the ones to leave
	 * @param ids the stores
	 */
	public record Stores(boolean only, List<UUID> ids) {

		/** Every store's, and those of no store. */
		public static final Stores ALL = new Stores(false, List.of());

	}

	/**
	 * Renews a worker's claims still in flight, so a batch that takes longer than the
	 * lease is not taken for abandoned while it is being sent.
	 */
	public void renew(TenantId tenant, List<UUID> ids, String worker) {
		this.transactions.runInTenant(tenant, () -> this.jdbc.sql("""
				UPDATE deliveries SET claimed_at = now() WHERE tenant_id = ? AND id = ANY (?) AND status = 'sending'
				  AND claimed_by = ?""").params(tenant.value(), ids.toArray(UUID[]::new), worker).update());
	}

	/** A delivery with what rendering it needs, as a claim loads it. */
	public Optional<ClaimedDelivery> find(TenantId tenant, UUID deliveryId) {
		return this.transactions.readInTenant(tenant, () -> load(tenant, List.of(deliveryId)).stream().findFirst());
	}

	private List<ClaimedDelivery> load(TenantId tenant, List<UUID> ids) {
		return this.jdbc.sql("""
				SELECT d.id, d.broadcast_id, d.contact_id, d.store_id, d.address, d.attempts,
				       coalesce(bc.body, b.body) AS body, b.category,
				       c.first_name, c.last_name, c.email, c.phone_e164, c.attributes::text AS attributes,
				       st.name AS store_name, st.city AS store_city, st.region AS store_region,
				       st.postal_code AS store_postal_code, st.country AS store_country,
				       bc.subject, bc.preheader, bc.html, a.name AS sender_name, a.address_line1, a.address_line2,
				       a.city, a.region, a.postal_code, a.country
				FROM deliveries d
				JOIN broadcasts b ON b.tenant_id = d.tenant_id AND b.id = d.broadcast_id
				JOIN contacts c ON c.tenant_id = d.tenant_id AND c.id = d.contact_id
				LEFT JOIN stores st ON st.tenant_id = d.tenant_id AND st.id = d.store_id
				-- the delivery's channel's own content: email's parts; WhatsApp's text, when it has its own
				LEFT JOIN broadcast_contents bc ON bc.tenant_id = d.tenant_id AND bc.broadcast_id = d.broadcast_id
				     AND bc.channel = d.channel
				-- the postal address email carries: the sending store's, else the tenant's first store's
				LEFT JOIN LATERAL (SELECT s.name, s.address_line1, s.address_line2, s.city, s.region, s.postal_code,
				                          s.country
				                   FROM stores s
				                   WHERE d.channel = 'email' AND s.tenant_id = d.tenant_id
				                     AND (s.id = d.store_id OR d.store_id IS NULL)
				                   ORDER BY (s.id = d.store_id) DESC NULLS LAST, s.created_at, s.id LIMIT 1) a ON true
				WHERE d.tenant_id = ? AND d.id = ANY (?)""")
			.params(tenant.value(), ids.toArray(UUID[]::new))
			.query(DeliveryQueue::claimed)
			.list();
	}

	private static ClaimedDelivery claimed(ResultSet rs, int row) throws SQLException {
		Map<String, Object> contact = new HashMap<>();
		put(contact, "first_name", rs.getString("first_name"));
		put(contact, "last_name", rs.getString("last_name"));
		put(contact, "email", rs.getString("email"));
		put(contact, "phone", rs.getString("phone_e164"));
		String attributes = rs.getString("attributes");
		if (attributes != null) {
			contact.put("attributes", JSON.readValue(attributes, Map.class));
		}
		Map<String, Object> store = new HashMap<>();
		put(store, "name", rs.getString("store_name"));
		put(store, "city", rs.getString("store_city"));
		put(store, "region", rs.getString("store_region"));
		put(store, "postal_code", rs.getString("store_postal_code"));
		put(store, "country", rs.getString("store_country"));
		Map<String, Object> variables = Map.of("contact", contact, "store", store);
		String html = rs.getString("html");
		ClaimedDelivery.Email email = (html != null) ? new ClaimedDelivery.Email(
				String.valueOf(rs.getString("subject")), rs.getString("preheader"), html, postalAddress(rs)) : null;
		return new ClaimedDelivery(rs.getObject("id", UUID.class), rs.getObject("broadcast_id", UUID.class),
				rs.getObject("contact_id", UUID.class), rs.getObject("store_id", UUID.class), rs.getString("address"),
				rs.getInt("attempts"), String.valueOf(rs.getString("body")), rs.getString("category"), variables,
				email);
	}

	/**
	 * The sender's address on one line, as {@code TemplateVariables.postalAddress} writes
	 * it.
	 */
	private static @Nullable String postalAddress(ResultSet rs) throws SQLException {
		String name = rs.getString("sender_name");
		if (name == null) {
			return null;
		}
		StringBuilder address = new StringBuilder(name).append(", ").append(rs.getString("address_line1"));
		String line2 = rs.getString("address_line2");
		if (line2 != null && !line2.isBlank()) {
			address.append(", ").append(line2);
		}
		address.append(", ").append(rs.getString("city")).append(", ");
		String region = rs.getString("region");
		if (region != null && !region.isBlank()) {
			address.append(region).append(' ');
		}
		return address.append(rs.getString("postal_code")).append(", ").append(rs.getString("country")).toString();
	}

	private static void put(Map<String, Object> map, String key, @Nullable String value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	/**
	 * Records what became of claimed deliveries: accepted → sent; retry → queued again at
	 * {@code retryAt} (or a dead letter when attempts are exhausted); failed → a dead
	 * letter (and a suppression when the recipient had opted out at the provider);
	 * unknown → held for reconciliation; not tried → queued again, the attempt not
	 * counted. What would go back to the queue of a broadcast cancelled meanwhile is
	 * skipped instead. Only rows still {@code sending} change, so a status callback that
	 * got there first is never overwritten. One statement for the whole batch, then the
	 * rollups.
	 */
	public void record(TenantId tenant, Channel channel, List<SendOutcome> outcomes) {
		if (outcomes.isEmpty()) {
			return;
		}
		this.transactions.runInTenant(tenant, () -> {
			// the broadcasts first, as pause and cancel lock them (then deliveries, then
			// counters): one lock order everywhere, so recording never deadlocks with a
			// transition
			UUID[] broadcasts = outcomes.stream()
				.map((outcome) -> outcome.delivery().broadcastId())
				.distinct()
				.sorted()
				.toArray(UUID[]::new);
			List<UUID> cancelled = this.rollups.lockBroadcasts(tenant, Arrays.asList(broadcasts))
				.entrySet()
				.stream()
				.filter((broadcast) -> "cancelled".equals(broadcast.getValue()))
				.map(Map.Entry::getKey)
				.toList();
			Map<UUID, Rollups.Delta> deltas = new LinkedHashMap<>();
			for (UUID broadcast : broadcasts) {
				deltas.put(broadcast, new Rollups.Delta());
			}
			Map<UUID, SendOutcome> byId = new HashMap<>();
			int n = outcomes.size();
			UUID[] ids = new UUID[n];
			String[] next = new String[n];
			Integer[] untried = new Integer[n];
			String[] notBefore = new String[n];
			String[] messageIds = new String[n];
			String[] errorCodes = new String[n];
			String[] errorMessages = new String[n];
			Integer[] segments = new Integer[n];
			Long[] costs = new Long[n];
			for (int i = 0; i < n; i++) {
				SendOutcome outcome = outcomes.get(i);
				SendResult result = outcome.result();
				ids[i] = outcome.delivery().id();
				byId.put(ids[i], outcome);
				untried[i] = (result == null) ? 1 : 0;
				next[i] = next(outcome);
				if (("queued".equals(next[i])) && cancelled.contains(outcome.delivery().broadcastId())) {
					next[i] = "skipped";
				}
				notBefore[i] = (outcome.retryAt() != null) ? outcome.retryAt().toString() : null;
				messageIds[i] = (result != null) ? result.providerMessageId() : null;
				errorCodes[i] = (result != null) ? result.errorCode() : null;
				errorMessages[i] = (result != null) ? truncate(result.errorMessage()) : null;
				segments[i] = outcome.segments();
				costs[i] = outcome.costMicros();
			}
			Set<UUID> changed = new HashSet<>();
			this.jdbc
				.sql("""
						UPDATE deliveries d SET status = o.next, attempts = d.attempts - o.untried,
						    not_before = coalesce(o.not_before::timestamptz, d.not_before),
						    claimed_by = CASE WHEN o.next IN ('queued', 'skipped') THEN NULL ELSE d.claimed_by END,
						    claimed_at = CASE WHEN o.next = 'held' THEN now() ELSE d.claimed_at END,
						    provider_message_id = CASE WHEN o.next = 'sent' THEN o.message_id ELSE d.provider_message_id END,
						    sent_at = CASE WHEN o.next = 'sent' THEN now() ELSE d.sent_at END,
						    status_at = CASE WHEN o.next IN ('sent', 'failed', 'skipped') THEN now() ELSE d.status_at END,
						    error_code = CASE WHEN o.next = 'sent' THEN NULL
						        WHEN o.untried = 1 OR o.next IN ('held', 'skipped') THEN d.error_code ELSE o.error_code END,
						    error_message = CASE WHEN o.next = 'sent' THEN NULL WHEN o.next = 'skipped' THEN 'cancelled'
						        WHEN o.untried = 1 THEN d.error_message ELSE o.error_message END,
						    segments = CASE WHEN o.next IN ('sent', 'held') THEN o.segments ELSE d.segments END,
						    cost_micros = CASE WHEN o.next IN ('sent', 'held') THEN o.cost ELSE d.cost_micros END,
						    updated_at = now()
						FROM unnest(?::uuid[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[],
						            ?::bigint[]) AS o (id, next, untried, not_before, message_id, error_code, error_message,
						                               segments, cost)
						WHERE d.tenant_id = ? AND d.id = o.id AND d.status = 'sending'
						RETURNING d.id, d.status""")
				.params(ids, next, untried, notBefore, messageIds, errorCodes, errorMessages, segments, costs,
						tenant.value())
				.query((rs) -> {
					UUID id = rs.getObject("id", UUID.class);
					changed.add(id);
					SendOutcome outcome = byId.get(id);
					Rollups.Delta delta = deltas.get(outcome.delivery().broadcastId());
					switch (rs.getString("status")) {
						case "sent" -> {
							delta.sent++;
							delta.costMicros += outcome.costMicros();
						}
						case "failed" -> delta.failed++;
						case "skipped" -> delta.skipped++;
						default -> {
						}
					}
				});
			List<SendOutcome> acceptedElsewhere = new ArrayList<>();
			for (SendOutcome outcome : outcomes) {
				SendResult result = outcome.result();
				if (result == null) {
					continue;
				}
				if (result.outcome() == SendResult.Outcome.ACCEPTED && !changed.contains(outcome.delivery().id())) {
					acceptedElsewhere.add(outcome);
				}
				if (result.outcome() == SendResult.Outcome.FAILED && changed.contains(outcome.delivery().id())) {
					if (result.recipientOptedOut()) {
						this.suppressions.add(Actor.system(tenant), channel, outcome.delivery().address(),
								SuppressionReason.UNSUBSCRIBED, "The provider refused: the recipient opted out");
					}
					// permanent: the recipient's next channel, in a fallback-mode
					// broadcast
					this.fallbacks.afterPermanentFailure(tenant, outcome.delivery().id());
				}
			}
			costOfSendsCountedElsewhere(tenant, acceptedElsewhere, deltas);
			deltas.forEach((broadcast, delta) -> this.rollups.apply(tenant, broadcast, channel, delta));
			deltas.keySet().forEach((broadcast) -> this.rollups.finishIfDone(tenant, broadcast));
		});
	}

	/** The state an outcome moves its delivery to. */
	private static String next(SendOutcome outcome) {
		SendResult result = outcome.result();
		if (result == null) {
			// not tried (breaker open): back in the queue
			return "queued";
		}
		return switch (result.outcome()) {
			case ACCEPTED -> "sent";
			case RETRY -> (outcome.retryAt() != null) ? "queued" : "failed";
			case FAILED -> "failed";
			// the cost is kept: it counts once reconciliation finds the provider took it
			case UNKNOWN -> "held";
		};
	}

	/**
	 * Accepted sends a status callback got to first (and counted sent): their cost is
	 * still this send's to add.
	 */
	private void costOfSendsCountedElsewhere(TenantId tenant, List<SendOutcome> accepted,
			Map<UUID, Rollups.Delta> deltas) {
		if (accepted.isEmpty()) {
			return;
		}
		Map<UUID, SendOutcome> byId = new HashMap<>();
		accepted.forEach((outcome) -> byId.put(outcome.delivery().id(), outcome));
		this.jdbc.sql("""
				UPDATE deliveries d SET segments = o.segments, cost_micros = o.cost
				FROM unnest(?::uuid[], ?::int[], ?::bigint[]) AS o (id, segments, cost)
				WHERE d.tenant_id = ? AND d.id = o.id AND d.cost_micros IS NULL
				  AND d.status IN ('sent', 'delivered', 'undelivered')
				RETURNING d.id""")
			.params(accepted.stream().map((outcome) -> outcome.delivery().id()).toArray(UUID[]::new),
					accepted.stream().map(SendOutcome::segments).toArray(Integer[]::new),
					accepted.stream().map(SendOutcome::costMicros).toArray(Long[]::new), tenant.value())
			.query(UUID.class)
			.list()
			.forEach((id) -> {
				SendOutcome outcome = byId.get(id);
				deltas.get(outcome.delivery().broadcastId()).costMicros += outcome.costMicros();
			});
	}

	/**
	 * Claims whose outcome is unknown, across tenants: {@code held} sends, and
	 * {@code sending} claims older than {@code lease} (their worker went away).
	 */
	public List<Unresolved> unresolved(Duration lease, Duration holdDelay, int limit) {
		return this.transactions.readAsPlatform(() -> this.jdbc.sql("""
				SELECT d.tenant_id, d.id, d.broadcast_id, d.channel, d.store_id, d.address, d.provider, d.attempts,
				       d.claimed_at, b.category
				FROM deliveries d JOIN broadcasts b ON b.tenant_id = d.tenant_id AND b.id = d.broadcast_id
				WHERE (d.status = 'sending' AND d.claimed_at < now() - ?::interval)
				   OR (d.status = 'held' AND d.claimed_at < now() - ?::interval)
				ORDER BY d.claimed_at LIMIT ?""")
			.params(lease.toMillis() + " milliseconds", holdDelay.toMillis() + " milliseconds", limit)
			.query((rs, row) -> new Unresolved(new TenantId(rs.getObject("tenant_id", UUID.class)),
					rs.getObject("id", UUID.class), rs.getObject("broadcast_id", UUID.class),
					Channel.fromKey(rs.getString("channel")), rs.getObject("store_id", UUID.class),
					rs.getString("address"), rs.getString("provider"), rs.getInt("attempts"),
					rs.getObject("claimed_at", OffsetDateTime.class), rs.getString("category")))
			.list());
	}

	/**
	 * A send whose outcome is unknown.
	 *
	 * @param tenant the tenant
	 * @param id the delivery
	 * @param broadcastId its broadcast
	 * @param channel the channel
	 * @param storeId the store, if any
	 * @param address the recipient address
	 * @param provider the provider it was handed to
	 * @param attempts attempts so far
	 * @param claimedAt when it was claimed (or held): a later claim is someone else's
	 * @param category the message category
	 */
	public record Unresolved(TenantId tenant, UUID id, UUID broadcastId, Channel channel, @Nullable UUID storeId,
			String address, @Nullable String provider, int attempts, OffsetDateTime claimedAt, String category) {
	}

	/**
	 * The provider has no record of it: it never went, so it may be sent again (the
	 * attempt that never happened is not counted).
	 */
	public void requeueUnsent(TenantId tenant, UUID deliveryId, OffsetDateTime claimedAt) {
		this.transactions.runInTenant(tenant, () -> {
			// the broadcast first, as everywhere; one cancelled meanwhile skips it
			// instead
			List<Map<String, Object>> found = this.jdbc.sql("""
					SELECT b.id, b.status, d.channel FROM broadcasts b JOIN deliveries d ON d.tenant_id = b.tenant_id
					    AND d.broadcast_id = b.id
					WHERE d.tenant_id = ? AND d.id = ? FOR NO KEY UPDATE OF b""")
				.params(tenant.value(), deliveryId)
				.query()
				.listOfRows();
			if (found.isEmpty()) {
				return;
			}
			Map<String, Object> broadcast = found.get(0);
			boolean cancelled = "cancelled".equals(broadcast.get("status"));
			// only the claim that was looked up: a newer claim (after another node
			// re-queued it) is left alone
			int changed = this.jdbc.sql("""
					UPDATE deliveries SET status = CASE WHEN ? THEN 'skipped' ELSE 'queued' END, not_before = now(),
					    attempts = greatest(attempts - 1, 0), claimed_by = NULL,
					    error_message = CASE WHEN ? THEN 'cancelled' ELSE error_message END,
					    status_at = CASE WHEN ? THEN now() ELSE status_at END, updated_at = now()
					WHERE tenant_id = ? AND id = ? AND status IN ('sending', 'held') AND claimed_at = ?""")
				.params(cancelled, cancelled, cancelled, tenant.value(), deliveryId, claimedAt)
				.update();
			if (cancelled && changed > 0) {
				Rollups.Delta delta = new Rollups.Delta();
				delta.skipped = changed;
				this.rollups.apply(tenant, (UUID) broadcast.get("id"),
						Channel.fromKey((String) broadcast.get("channel")), delta);
			}
		});
	}

	/**
	 * Skips every queued delivery of a broadcast (cancel), in the caller's transaction.
	 */
	public int skipQueued(TenantId tenant, UUID broadcastId, String reason) {
		return this.transactions.inTenant(tenant, () -> {
			Map<Channel, Long> skipped = perChannel("""
					WITH changed AS (
					    UPDATE deliveries SET status = 'skipped', error_message = ?, status_at = now(),
					        updated_at = now()
					    WHERE tenant_id = ? AND broadcast_id = ? AND status = 'queued' RETURNING channel)
					SELECT channel, count(*) AS n FROM changed GROUP BY channel""", reason, tenant.value(),
					broadcastId);
			skipped.forEach((channel, n) -> {
				Rollups.Delta delta = new Rollups.Delta();
				delta.skipped = n;
				this.rollups.apply(tenant, broadcastId, channel, delta);
			});
			return skipped.values().stream().mapToInt(Long::intValue).sum();
		});
	}

	/**
	 * Locks, in id order, the broadcasts in which a contact has queued deliveries. A
	 * transaction that changes what the contact may receive and then
	 * {@link #skipQueuedForContact skips} their deliveries calls it first, before the
	 * change's own writes and audit records: broadcasts, then deliveries, then counters,
	 * then the audit trail is the order status reports, recording and cancel take them
	 * in, so the two never deadlock.
	 */
	public void lockBroadcastsOfContact(TenantId tenant, UUID contactId) {
		this.transactions.runInTenant(tenant, () -> lockBroadcasts(tenant, contactId, null, null, true));
	}

	private UUID[] lockBroadcasts(TenantId tenant, UUID contactId, @Nullable Channel channel, @Nullable String category,
			boolean transactional) {
		List<UUID> found = this.jdbc.sql("""
				SELECT DISTINCT d.broadcast_id FROM deliveries d
				JOIN broadcasts b ON b.tenant_id = d.tenant_id AND b.id = d.broadcast_id
				WHERE d.tenant_id = :tenant AND d.contact_id = :contact AND d.status = 'queued'
				  AND (CAST(:channel AS varchar) IS NULL OR d.channel = :channel)
				  AND (CAST(:category AS varchar) IS NULL OR b.category = :category)
				  AND (:transactional OR b.category <> 'transactional')""")
			.param("tenant", tenant.value())
			.param("contact", contactId)
			.param("channel", (channel != null) ? channel.key() : null)
			.param("category", category)
			.param("transactional", transactional)
			.query(UUID.class)
			.list();
		return found.isEmpty() ? new UUID[0] : this.rollups.lockBroadcasts(tenant, found).keySet().toArray(UUID[]::new);
	}

	/**
	 * Skips a contact's queued deliveries that a change of theirs rules out (an
	 * unsubscribe, a category opt-out, a pause), in the caller's transaction, with the
	 * rollups, and completes broadcasts left with nothing to send. Deliveries already
	 * claimed by a worker are not stopped.
	 * @param channel only this channel's, or every channel's
	 * @param category only broadcasts of this category, or every category
	 * @param transactional whether transactional broadcasts' deliveries go too
	 * @return how many were skipped
	 */
	public int skipQueuedForContact(TenantId tenant, UUID contactId, @Nullable Channel channel,
			@Nullable String category, boolean transactional, String reason) {
		return this.transactions.inTenant(tenant, () -> {
			record Key(UUID broadcast, Channel channel) {
			}
			// the broadcasts first (again, for callers that did not), then the
			// deliveries,
			// then the counters
			UUID[] broadcasts = lockBroadcasts(tenant, contactId, channel, category, transactional);
			if (broadcasts.length == 0) {
				return 0;
			}
			Map<Key, Long> skipped = new LinkedHashMap<>();
			this.jdbc.sql("""
					WITH skipped AS (
					    UPDATE deliveries d SET status = 'skipped', error_message = :reason, status_at = now(),
					        updated_at = now()
					    WHERE d.tenant_id = :tenant AND d.contact_id = :contact AND d.status = 'queued'
					      AND d.broadcast_id = ANY (:broadcasts)
					      AND (CAST(:channel AS varchar) IS NULL OR d.channel = :channel)
					    RETURNING d.broadcast_id, d.channel)
					SELECT broadcast_id, channel, count(*) AS n FROM skipped GROUP BY broadcast_id, channel""")
				.param("reason", reason)
				.param("tenant", tenant.value())
				.param("contact", contactId)
				.param("broadcasts", broadcasts)
				.param("channel", (channel != null) ? channel.key() : null)
				.query((rs) -> {
					skipped.put(
							new Key(rs.getObject("broadcast_id", UUID.class), Channel.fromKey(rs.getString("channel"))),
							rs.getLong("n"));
				});
			skipped.forEach((key, n) -> {
				Rollups.Delta delta = new Rollups.Delta();
				delta.skipped = n;
				this.rollups.apply(tenant, key.broadcast(), key.channel(), delta);
			});
			skipped.keySet()
				.stream()
				.map(Key::broadcast)
				.distinct()
				.forEach((broadcast) -> this.rollups.finishIfDone(tenant, broadcast));
			return skipped.values().stream().mapToInt(Long::intValue).sum();
		});
	}

	/**
	 * The send-time check of a claimed batch: skips (with the reason, and the rollups)
	 * the deliveries whose contact has since unsubscribed, lost consent, opted out of the
	 * category, paused, or whose address was suppressed. A change made while a worker
	 * held the batch thus still stops it; queued deliveries were skipped when the change
	 * was made.
	 * @return the claimed deliveries still to send, in their order
	 */
	public List<ClaimedDelivery> skipNoLongerWanted(TenantId tenant, List<ClaimedDelivery> claimed) {
		if (claimed.isEmpty()) {
			return claimed;
		}
		return this.transactions.inTenant(tenant, () -> {
			Map<UUID, String> reasons = new LinkedHashMap<>();
			Set<UUID> broadcasts = new HashSet<>();
			// driven by the claimed ids, each looked up by its key (OFFSET 0 keeps the
			// lookup per id, and the scalar subqueries are per-row key probes): the plan
			// cannot turn into a scan of every in-flight delivery or of a whole table,
			// whatever the statistics say about 'sending' rows
			this.jdbc
				.sql("""
						SELECT w.id, w.broadcast_id, CASE
						    WHEN w.consent = 'opted_out' THEN 'Recipient unsubscribed before it was sent'
						    WHEN w.suppressed THEN 'Address suppressed before it was sent'
						    WHEN w.category <> 'transactional' AND w.consent IS DISTINCT FROM 'opted_in'
						         THEN 'Recipient withdrew consent before it was sent'
						    WHEN w.category_opt_out THEN 'Recipient opted out of ' || w.category || ' before it was sent'
						    WHEN w.category <> 'transactional' AND w.paused THEN 'Recipient paused messages before it was sent'
						    END AS reason
						FROM (SELECT q.id, q.broadcast_id, q.category,
						          (SELECT cs.status FROM consent_status cs WHERE cs.tenant_id = q.tenant_id
						           AND cs.contact_id = q.contact_id AND cs.channel = q.channel) AS consent,
						          (SELECT true FROM suppressions s WHERE s.tenant_id = q.tenant_id AND s.channel = q.channel
						           AND s.address = q.address) AS suppressed,
						          (SELECT NOT p.opted_in FROM contact_category_preferences p WHERE p.tenant_id = q.tenant_id
						           AND p.contact_id = q.contact_id AND p.channel = q.channel AND p.category = q.category)
						              AS category_opt_out,
						          (SELECT pp.paused_until > now() FROM contact_preferences pp WHERE pp.tenant_id = q.tenant_id
						           AND pp.contact_id = q.contact_id) AS paused
						      FROM unnest(?::uuid[]) AS i (id)
						      CROSS JOIN LATERAL (SELECT d.tenant_id, d.id, d.broadcast_id, d.contact_id, d.channel,
						                                 d.address, d.status, b.category
						                          FROM deliveries d JOIN broadcasts b ON b.tenant_id = d.tenant_id
						                              AND b.id = d.broadcast_id
						                          WHERE d.tenant_id = ? AND d.id = i.id OFFSET 0) q
						      WHERE q.status = 'sending') w""")
				.params(claimed.stream().map(ClaimedDelivery::id).toArray(UUID[]::new), tenant.value())
				.query((rs) -> {
					String reason = rs.getString("reason");
					if (reason != null) {
						reasons.put(rs.getObject("id", UUID.class), reason);
						broadcasts.add(rs.getObject("broadcast_id", UUID.class));
					}
				});
			if (reasons.isEmpty()) {
				return claimed;
			}
			// the house order: broadcasts (finishIfDone below completes them), then
			// deliveries, then counters
			this.rollups.lockBroadcasts(tenant, broadcasts);
			record Skip(UUID broadcast, Channel channel) {
			}
			Map<UUID, Skip> skipped = new HashMap<>();
			this.jdbc.sql("""
					UPDATE deliveries d SET status = 'skipped', error_message = s.reason, claimed_by = NULL,
					    status_at = now(), updated_at = now()
					FROM unnest(?::uuid[], ?::text[]) AS s (id, reason)
					WHERE d.tenant_id = ? AND d.id = s.id AND d.status = 'sending'
					RETURNING d.id, d.broadcast_id, d.channel""")
				.params(reasons.keySet().toArray(UUID[]::new), reasons.values().toArray(String[]::new), tenant.value())
				.query((rs) -> {
					skipped.put(rs.getObject("id", UUID.class), new Skip(rs.getObject("broadcast_id", UUID.class),
							Channel.fromKey(rs.getString("channel"))));
				});
			Map<Skip, Rollups.Delta> deltas = new LinkedHashMap<>();
			skipped.values().forEach((skip) -> deltas.computeIfAbsent(skip, (key) -> new Rollups.Delta()).skipped++);
			deltas.forEach((skip, delta) -> this.rollups.apply(tenant, skip.broadcast(), skip.channel(), delta));
			deltas.keySet()
				.stream()
				.map(Skip::broadcast)
				.distinct()
				.forEach((broadcast) -> this.rollups.finishIfDone(tenant, broadcast));
			return claimed.stream().filter((delivery) -> !skipped.containsKey(delivery.id())).toList();
		});
	}

	/**
	 * Moves a contact's queued non-transactional deliveries past their new quiet hours
	 * (in the contact's timezone, else their store's, else UTC), in the caller's
	 * transaction. Deliveries are only ever moved later.
	 * @return how many moved
	 */
	public int retimeQueuedForQuietHours(TenantId tenant, UUID contactId, LocalTime quietStart, LocalTime quietEnd) {
		return this.transactions.inTenant(tenant, () -> this.jdbc.sql("""
				UPDATE deliveries d
				SET not_before = herald_next_allowed(d.not_before, coalesce(c.timezone, st.timezone, 'UTC'), ?, ?),
				    updated_at = now()
				FROM broadcasts b, contacts c
				LEFT JOIN stores st ON st.tenant_id = c.tenant_id AND st.id = c.store_id
				WHERE d.tenant_id = ? AND d.contact_id = ? AND d.status = 'queued'
				  AND b.tenant_id = d.tenant_id AND b.id = d.broadcast_id AND b.category <> 'transactional'
				  AND c.tenant_id = d.tenant_id AND c.id = d.contact_id
				  AND herald_next_allowed(d.not_before, coalesce(c.timezone, st.timezone, 'UTC'), ?, ?) > d.not_before
				""").params(quietStart, quietEnd, tenant.value(), contactId, quietStart, quietEnd).update());
	}

	/**
	 * Puts dead letters back in the queue to go now, with fresh attempts; never those
	 * whose address has been suppressed since (an opted-out recipient stays failed), nor
	 * those whose recipient already fell back to a later channel (a later step, as
	 * {@link Fallbacks} checks): they got the message there.
	 * @param deliveryIds the dead letters to retry, or empty for all of the broadcast's
	 * @return how many were re-queued, and how many were left failed and why
	 */
	public Requeued requeueFailed(TenantId tenant, UUID broadcastId, List<UUID> deliveryIds) {
		return this.transactions.inTenant(tenant, () -> {
			String only = deliveryIds.isEmpty() ? "" : " AND d.id = ANY (?)";
			List<Object> params = new ArrayList<>(List.of(tenant.value(), broadcastId));
			if (!deliveryIds.isEmpty()) {
				params.add(deliveryIds.toArray(UUID[]::new));
			}
			params.add(tenant.value());
			Map<Channel, Long> requeued = new LinkedHashMap<>();
			int[] left = new int[2];
			this.jdbc.sql("""
					WITH found AS (
					    SELECT d.id, d.channel,
					           EXISTS (SELECT 1 FROM deliveries later WHERE later.tenant_id = d.tenant_id
					                   AND later.broadcast_id = d.broadcast_id AND later.contact_id = d.contact_id
					                   AND later.step > d.step) AS fell_back,
					           EXISTS (SELECT 1 FROM suppressions s WHERE s.tenant_id = d.tenant_id
					                   AND s.channel = d.channel AND s.address = d.address) AS suppressed
					    FROM deliveries d WHERE d.tenant_id = ? AND d.broadcast_id = ? AND d.status = 'failed'""" + only
					+ """
							),
							changed AS (
							    UPDATE deliveries d SET status = 'queued', not_before = now(), attempts = 0, error_code = NULL,
							        error_message = NULL, claimed_by = NULL, updated_at = now()
							    FROM found f WHERE d.tenant_id = ? AND d.id = f.id AND d.status = 'failed'
							      AND NOT f.fell_back AND NOT f.suppressed
							    RETURNING d.id)
							SELECT f.channel, count(c.id) AS n, count(*) FILTER (WHERE f.fell_back) AS fell_back,
							       count(*) FILTER (WHERE f.suppressed AND NOT f.fell_back) AS suppressed
							FROM found f LEFT JOIN changed c ON c.id = f.id GROUP BY f.channel""")
				.params(params)
				.query((rs) -> {
					requeued.put(Channel.fromKey(rs.getString("channel")), rs.getLong("n"));
					left[0] += rs.getInt("fell_back");
					left[1] += rs.getInt("suppressed");
				});
			requeued.forEach((channel, n) -> {
				Rollups.Delta delta = new Rollups.Delta();
				delta.failed = -n;
				this.rollups.apply(tenant, broadcastId, channel, delta);
			});
			return new Requeued(requeued.values().stream().mapToInt(Long::intValue).sum(), left[0], left[1]);
		});
	}

	/**
	 * Runs a statement that returns (channel, n) rows: how many it changed per channel.
	 */
	private Map<Channel, Long> perChannel(String sql, Object... params) {
		Map<Channel, Long> counts = new LinkedHashMap<>();
		this.jdbc.sql(sql).params(params).query((rs) -> {
			counts.put(Channel.fromKey(rs.getString("channel")), rs.getLong("n"));
		});
		return counts;
	}

	/** Completes a sending broadcast whose deliveries are all final. */
	public boolean finishIfDone(TenantId tenant, UUID broadcastId) {
		return this.transactions.inTenant(tenant, () -> this.rollups.finishIfDone(tenant, broadcastId));
	}

	private static @Nullable String truncate(@Nullable String text) {
		return (text != null && text.length() > 500) ? text.substring(0, 500) : text;
	}

}
