package com.herald.delivery;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.consent.Channel;
import tools.jackson.databind.json.JsonMapper;

import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Read side of a broadcast's deliveries: its rollups and sparkline (one row each, never a
 * scan of the deliveries) and the per-recipient table. Callers check who may see the
 * broadcast first.
 */
@Component
public class DeliveryTracking {

	/** How many minutes the sparkline covers. */
	public static final int SPARKLINE_MINUTES = 60;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	DeliveryTracking(JdbcClient jdbc, TenantTransactions transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	public BroadcastStats stats(TenantId tenant, UUID broadcastId) {
		return this.transactions.readInTenant(tenant, () -> {
			List<BroadcastStats.MinuteCount> minutes = this.jdbc.sql("""
					SELECT minute, sent FROM broadcast_send_minutes
					WHERE tenant_id = ? AND broadcast_id = ? AND minute > now() - make_interval(mins => ?)
					ORDER BY minute""")
				.params(tenant.value(), broadcastId, SPARKLINE_MINUTES)
				.query((rs, row) -> new BroadcastStats.MinuteCount(
						rs.getObject("minute", OffsetDateTime.class).toInstant(), rs.getLong("sent")))
				.list();
			return this.jdbc.sql("SELECT * FROM broadcast_stats_now WHERE tenant_id = ? AND broadcast_id = ?")
				.params(tenant.value(), broadcastId)
				.query((rs, row) -> {
					long total = rs.getLong("total");
					long sent = rs.getLong("sent");
					long delivered = rs.getLong("delivered");
					long undelivered = rs.getLong("undelivered");
					long failed = rs.getLong("failed");
					long skipped = rs.getLong("skipped");
					return new BroadcastStats(rs.getLong("recipients"), rs.getLong("excluded"), total,
							total - sent - failed - skipped, sent, delivered, undelivered,
							sent - delivered - undelivered, failed, skipped, rs.getLong("replies"),
							rs.getLong("opt_outs"), rs.getLong("cost_micros"), minutes);
				})
				.optional()
				.orElseGet(() -> new BroadcastStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, minutes));
		});
	}

	/**
	 * The broadcast's counters per channel, in the order given: one row each, kept by the
	 * launch and by every delivery change. A one-channel broadcast launched before
	 * per-channel counters existed shows its broadcast counters.
	 */
	public List<ChannelStats> channelStats(TenantId tenant, UUID broadcastId, List<Channel> channels) {
		Map<Channel, ChannelStats> rows = this.transactions.readInTenant(tenant, () -> {
			Map<Channel, ChannelStats> found = new EnumMap<>(Channel.class);
			this.jdbc.sql("""
					SELECT channel, reachable, excluded, exclusions::text AS exclusions, total, sent, delivered,
					       undelivered, failed, skipped, cost_micros, fell_back, fallbacks
					FROM broadcast_channel_stats_now WHERE tenant_id = ? AND broadcast_id = ?""")
				.params(tenant.value(), broadcastId)
				.query((rs) -> {
					long total = rs.getLong("total");
					long sent = rs.getLong("sent");
					long delivered = rs.getLong("delivered");
					long undelivered = rs.getLong("undelivered");
					long failed = rs.getLong("failed");
					long skipped = rs.getLong("skipped");
					Map<String, Long> exclusions = new LinkedHashMap<>();
					JSON.readTree(rs.getString("exclusions"))
						.properties()
						.forEach((entry) -> exclusions.put(entry.getKey(), entry.getValue().asLong()));
					Channel channel = Channel.fromKey(rs.getString("channel"));
					found.put(channel,
							new ChannelStats(channel, rs.getLong("reachable"), rs.getLong("excluded"), exclusions,
									total, total - sent - failed - skipped, sent, delivered, undelivered,
									sent - delivered - undelivered, failed, skipped, rs.getLong("cost_micros"),
									rs.getLong("fell_back"), rs.getLong("fallbacks")));
				});
			return found;
		});
		if (rows.isEmpty() && channels.size() == 1) {
			BroadcastStats all = stats(tenant, broadcastId);
			return List.of(new ChannelStats(channels.get(0), all.recipients() - all.excluded(), all.excluded(),
					Map.of(), all.total(), all.queued(), all.sent(), all.delivered(), all.undelivered(), all.pending(),
					all.failed(), all.skipped(), all.costMicros(), 0, 0));
		}
		return channels.stream().map((channel) -> rows.getOrDefault(channel, ChannelStats.empty(channel))).toList();
	}

	/**
	 * A page of the broadcast's deliveries, newest change first.
	 * @param state only deliveries in this state, if given
	 * @param search a prefix of the address or of the contact's first or last name
	 */
	public Page<RecipientRow> recipients(TenantId tenant, UUID broadcastId, @Nullable DeliveryState state,
			@Nullable String search, Pageable pageable) {
		StringBuilder where = new StringBuilder("d.tenant_id = ? AND d.broadcast_id = ?");
		List<Object> params = new ArrayList<>(List.of(tenant.value(), broadcastId));
		if (state != null) {
			where.append(" AND d.status = ?");
			params.add(state.key());
		}
		if (search != null && !search.isBlank()) {
			String prefix = likePrefix(search);
			where.append(" AND (lower(d.address) LIKE ? OR lower(c.first_name) LIKE ? OR lower(c.last_name) LIKE ?)");
			params.addAll(List.of(prefix, prefix, prefix));
		}
		String from = " FROM deliveries d JOIN contacts c ON c.tenant_id = d.tenant_id AND c.id = d.contact_id WHERE ";
		return this.transactions.readInTenant(tenant, () -> {
			long total = this.jdbc.sql("SELECT count(*)" + from + where).params(params).query(Long.class).single();
			List<Object> pageParams = new ArrayList<>(params);
			pageParams.add(pageable.getPageSize());
			pageParams.add(pageable.getOffset());
			List<RecipientRow> rows = this.jdbc.sql("""
					SELECT d.id, d.contact_id, trim(concat_ws(' ', c.first_name, c.last_name)) AS name, d.address,
					       d.status, d.attempts, d.error_code, d.error_message, d.not_before, d.sent_at, d.updated_at
					""" + from + where + " ORDER BY d.updated_at DESC, d.id LIMIT ? OFFSET ?")
				.params(pageParams)
				.query((rs, row) -> {
					OffsetDateTime sentAt = rs.getObject("sent_at", OffsetDateTime.class);
					String name = rs.getString("name");
					return new RecipientRow(rs.getObject("id", UUID.class), rs.getObject("contact_id", UUID.class),
							(name == null || name.isBlank()) ? null : name, rs.getString("address"),
							DeliveryState.fromKey(rs.getString("status")), rs.getInt("attempts"),
							rs.getString("error_code"), rs.getString("error_message"),
							rs.getObject("not_before", OffsetDateTime.class).toInstant(),
							(sentAt != null) ? sentAt.toInstant() : null,
							rs.getObject("updated_at", OffsetDateTime.class).toInstant());
				})
				.list();
			return new PageImpl<>(rows, pageable, total);
		});
	}

	/**
	 * A LIKE pattern matching what starts with the search (lower case), taken literally.
	 */
	public static String likePrefix(String search) {
		return search.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
				+ "%";
	}

}
