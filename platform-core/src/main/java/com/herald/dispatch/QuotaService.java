package com.herald.dispatch;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.herald.consent.Channel;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * A tenant's send quotas per channel (per second, minute and day), for tenant admins;
 * every change is audited. Workers on every node pick a change up within a few seconds:
 * the shared Bucket4j bucket's configuration is replaced when its version (the row's
 * {@code updated_at}) changes.
 */
@Service
public class QuotaService {

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	private final DispatchProperties properties;

	private final DispatchThrottle throttle;

	QuotaService(JdbcClient jdbc, TenantTransactions transactions, AuditTrail audit, DispatchProperties properties,
			DispatchThrottle throttle) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.audit = audit;
		this.properties = properties;
		this.throttle = throttle;
	}

	/** The quotas of every channel. */
	public List<ChannelQuota> list(Actor actor) {
		requireAdmin(actor);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> {
			List<ChannelQuota> quotas = new ArrayList<>();
			for (Channel channel : Channel.values()) {
				quotas.add(find(tenant, channel));
			}
			return quotas;
		});
	}

	/**
	 * Sets a channel's quotas; null limits use the platform's default, and all null
	 * removes the tenant's own.
	 * @throws InvalidInputException naming each limit out of range; nothing is saved
	 */
	public ChannelQuota save(Actor actor, Channel channel, @Nullable Long perSecond, @Nullable Long perMinute,
			@Nullable Long perDay) {
		requireAdmin(actor);
		TenantId tenant = actor.requireTenant();
		Map<String, String> errors = new LinkedHashMap<>();
		check(errors, "perSecond", perSecond, ChannelQuota.MAX_PER_SECOND, "second");
		check(errors, "perMinute", perMinute, ChannelQuota.MAX_PER_MINUTE, "minute");
		check(errors, "perDay", perDay, ChannelQuota.MAX_PER_DAY, "day");
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		ChannelQuota saved = this.transactions.inTenant(tenant, () -> {
			ChannelQuota before = find(tenant, channel);
			if (perSecond == null && perMinute == null && perDay == null) {
				this.jdbc.sql("DELETE FROM channel_quotas WHERE tenant_id = ? AND channel = ?")
					.params(tenant.value(), channel.key())
					.update();
			}
			else {
				// clock_timestamp(): the bucket's configuration version must change even
				// within one transaction
				this.jdbc
					.sql("""
							INSERT INTO channel_quotas (tenant_id, channel, per_second, per_minute, per_day, updated_at)
							VALUES (?, ?, ?, ?, ?, clock_timestamp())
							ON CONFLICT (tenant_id, channel) DO UPDATE SET per_second = EXCLUDED.per_second,
							    per_minute = EXCLUDED.per_minute, per_day = EXCLUDED.per_day, updated_at = clock_timestamp()""")
					.params(tenant.value(), channel.key(), perSecond, perMinute, perDay)
					.update();
			}
			ChannelQuota after = find(tenant, channel);
			this.audit.record(actor, "dispatch.quota_changed", AuditTrail.Target.of("channel_quota", channel.key()),
					summary(before), summary(after));
			return after;
		});
		this.throttle.forget(tenant, channel);
		return saved;
	}

	private ChannelQuota find(TenantId tenant, Channel channel) {
		DispatchProperties.Quota defaults = this.properties.quota();
		record Row(@Nullable Long perSecond, @Nullable Long perMinute, @Nullable Long perDay, Timestamp updatedAt) {
		}
		Optional<Row> row = this.jdbc.sql("""
				SELECT per_second, per_minute, per_day, updated_at FROM channel_quotas
				WHERE tenant_id = ? AND channel = ?""")
			.params(tenant.value(), channel.key())
			.query((rs, n) -> new Row(toLong(rs.getObject("per_second")), toLong(rs.getObject("per_minute")),
					toLong(rs.getObject("per_day")), rs.getTimestamp("updated_at")))
			.optional();
		Long perSecond = row.map(Row::perSecond).orElse(null);
		Long perMinute = row.map(Row::perMinute).orElse(null);
		Long perDay = row.map(Row::perDay).orElse(null);
		return new ChannelQuota(channel, perSecond, perMinute, perDay,
				(perSecond != null) ? perSecond : defaults.perSecond(),
				(perMinute != null) ? perMinute : defaults.perMinute(), (perDay != null) ? perDay : defaults.perDay(),
				row.map((r) -> r.updatedAt().toInstant()).orElse(null));
	}

	private static void check(Map<String, String> errors, String field, @Nullable Long value, long max, String unit) {
		if (value != null && (value < 1 || value > max)) {
			errors.put(field, "Enter 1 to " + String.format("%,d", max) + " messages per " + unit
					+ ", or leave it empty for the platform's default");
		}
	}

	private static @Nullable Long toLong(@Nullable Object value) {
		return (value instanceof Number number) ? number.longValue() : null;
	}

	private static Map<String, Object> summary(ChannelQuota quota) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("channel", quota.channel().key());
		summary.put("perSecond", quota.perSecond());
		summary.put("perMinute", quota.perMinute());
		summary.put("perDay", quota.perDay());
		return summary;
	}

	private static void requireAdmin(Actor actor) {
		if (actor.role() != Role.TENANT_ADMIN && actor.role() != Role.SUPER_ADMIN) {
			throw new PermissionDeniedException("Only tenant admins see and change send quotas");
		}
	}

}
