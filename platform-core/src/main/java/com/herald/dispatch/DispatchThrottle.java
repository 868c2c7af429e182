package com.herald.dispatch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.github.bucket4j.BandwidthBuilder;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.channel.RateLimit;
import com.herald.consent.Channel;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Send quotas as Bucket4j token buckets kept in PostgreSQL (the {@code bucket} table), so
 * every Herald node draws from the same buckets: one per tenant × channel (per second,
 * minute and day, from {@code channel_quotas} or the platform default) and one per sender
 * (a number or Messaging Service, at its {@link RateLimit}, whichever tenant or store
 * sends as it). Workers reserve tokens for a whole batch of one sender before claiming it
 * and hand back what they did not use, so the limiter costs one round trip per batch, not
 * per message.
 */
@Component
public class DispatchThrottle {

	private static final Duration SETTINGS_TTL = Duration.ofSeconds(5);

	private final ProxyManager<Long> buckets;

	private final JdbcClient jdbc;

	private final TenantTransactions transactions;

	private final DispatchProperties properties;

	private final Map<String, Cached> quotas = new ConcurrentHashMap<>();

	DispatchThrottle(DataSource dataSource, JdbcClient jdbc, TenantTransactions transactions,
			DispatchProperties properties) {
		this.buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource).build();
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
	}

	/**
	 * Takes tokens for one batch (up to {@code wanted}, no more than fit in the rest of
	 * the current window at the pace) and paces their use: see {@link SendPermits}.
	 */
	public SendPermits permits(TenantId tenant, Channel channel, String provider, String sender,
			RateLimit providerLimit, int wanted) {
		Limits quota = limits(tenant, channel);
		long providerPeriod = providerLimit.period().toMillis();
		long window = Math.min(quota.windowMillis(), providerPeriod);
		long spacing = Math.max(quota.spacingNanos(),
				providerLimit.period().toNanos() / Math.max(1, providerLimit.permits()));
		return new SendPermits((n) -> reserve(tenant, channel, provider, sender, providerLimit, n), (n) -> {
			release(tenant, channel, provider, sender, providerLimit, n);
			return n;
		}, window, spacing, wanted, System::currentTimeMillis);
	}

	/**
	 * Takes up to {@code wanted} tokens from both the tenant × channel bucket and the
	 * sender's bucket.
	 * @param sender the sending identity, as the provider names it
	 * ({@link com.herald.channel.CommunicationChannel#sender})
	 * @return how many were taken from both (0 when either is empty)
	 */
	public int reserve(TenantId tenant, Channel channel, String provider, String sender, RateLimit providerLimit,
			int wanted) {
		BucketProxy quota = quotaBucket(tenant, channel);
		long granted = quota.tryConsumeAsMuchAsPossible(wanted);
		if (granted == 0) {
			return 0;
		}
		BucketProxy account = senderBucket(channel, provider, sender, providerLimit);
		long both = account.tryConsumeAsMuchAsPossible(granted);
		if (both < granted) {
			quota.addTokens(granted - both);
		}
		return (int) both;
	}

	/**
	 * Drops this node's cached limits of a tenant × channel, so its next batch reads the
	 * changed quota (other nodes read it within {@code SETTINGS_TTL}).
	 */
	void forget(TenantId tenant, Channel channel) {
		this.quotas.remove(tenant.value() + ":" + channel.key());
	}

	/** Hands back tokens a batch did not use. */
	public void release(TenantId tenant, Channel channel, String provider, String sender, RateLimit providerLimit,
			int unused) {
		if (unused <= 0) {
			return;
		}
		quotaBucket(tenant, channel).addTokens(unused);
		senderBucket(channel, provider, sender, providerLimit).addTokens(unused);
	}

	private Limits limits(TenantId tenant, Channel channel) {
		return this.quotas.compute(tenant.value() + ":" + channel.key(), (key, current) -> {
			if (current != null && current.loadedAt() + SETTINGS_TTL.toNanos() > System.nanoTime()) {
				return current;
			}
			return new Cached(loadQuota(tenant, channel), System.nanoTime());
		}).limits();
	}

	private BucketProxy quotaBucket(TenantId tenant, Channel channel) {
		Limits limits = limits(tenant, channel);
		return this.buckets.builder()
			.withImplicitConfigurationReplacement(limits.version(), TokensInheritanceStrategy.PROPORTIONALLY)
			.build(key("quota:" + tenant.value() + ":" + channel.key()), () -> limits.configuration());
	}

	private BucketProxy senderBucket(Channel channel, String provider, String sender, RateLimit limit) {
		BucketConfiguration configuration = BucketConfiguration.builder()
			.addLimit(simple(limit.permits(), limit.period()))
			.build();
		long version = limit.permits() * 1_000_003L + limit.period().toMillis();
		return this.buckets.builder()
			.withImplicitConfigurationReplacement(version, TokensInheritanceStrategy.PROPORTIONALLY)
			.build(key("sender:" + provider + ":" + channel.key() + ":" + sender), () -> configuration);
	}

	/**
	 * @param windowMillis the shortest limited period: tokens count in the one they were
	 * taken in
	 * @param spacingNanos the tightest limit's time between two sends
	 */
	private record Limits(BucketConfiguration configuration, long version, long windowMillis, long spacingNanos) {
	}

	private record Cached(Limits limits, long loadedAt) {
	}

	private Limits loadQuota(TenantId tenant, Channel channel) {
		DispatchProperties.Quota defaults = this.properties.quota();
		record Row(@Nullable Long perSecond, @Nullable Long perMinute, @Nullable Long perDay, long version) {
		}
		Row row = this.transactions.readInTenant(tenant, () -> this.jdbc.sql("""
				SELECT per_second, per_minute, per_day, (extract(epoch FROM updated_at) * 1000)::bigint AS version
				FROM channel_quotas WHERE tenant_id = ? AND channel = ?""")
			.params(tenant.value(), channel.key())
			.query((rs, n) -> new Row(toLong(rs.getObject("per_second")), toLong(rs.getObject("per_minute")),
					toLong(rs.getObject("per_day")), rs.getLong("version")))
			.optional()
			.orElse(new Row(null, null, null, 1)));
		Long perSecond = (row.perSecond() != null) ? row.perSecond() : defaults.perSecond();
		Long perMinute = (row.perMinute() != null) ? row.perMinute() : defaults.perMinute();
		Long perDay = (row.perDay() != null) ? row.perDay() : defaults.perDay();
		ConfigurationBuilder builder = BucketConfiguration.builder();
		long window = Long.MAX_VALUE;
		long spacing = 0;
		Long[] permits = { perSecond, perMinute, perDay };
		Duration[] periods = { Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofDays(1) };
		for (int i = 0; i < permits.length; i++) {
			if (permits[i] != null) {
				builder.addLimit(simple(permits[i], periods[i]));
				window = Math.min(window, periods[i].toMillis());
				spacing = Math.max(spacing, periods[i].toNanos() / permits[i]);
			}
		}
		if (window == Long.MAX_VALUE) {
			builder.addLimit(simple(Integer.MAX_VALUE, Duration.ofSeconds(1)));
			window = 1000;
		}
		// a tenant's quota change (a newer updated_at) replaces the stored bucket's
		// configuration
		return new Limits(builder.build(), row.version(), window, spacing);
	}

	private static @Nullable Long toLong(@Nullable Object value) {
		return (value instanceof Number number) ? number.longValue() : null;
	}

	/**
	 * {@code permits} per calendar {@code period} (second, minute, day; UTC), refilled
	 * whole at each boundary, so no calendar period sends more than {@code permits}
	 * however batches fall. A greedy refill would let a full bucket's burst and the next
	 * period's refill both land in one period: twice the limit. A new bucket starts with
	 * the share of the period that is left.
	 */
	private static io.github.bucket4j.Bandwidth simple(long permits, Duration period) {
		long now = System.currentTimeMillis();
		long periodMillis = period.toMillis();
		Instant nextBoundary = Instant.ofEpochMilli((now / periodMillis + 1) * periodMillis);
		return BandwidthBuilder.builder()
			.capacity(permits)
			.refillIntervallyAlignedWithAdaptiveInitialTokens(permits, period, nextBoundary)
			.build();
	}

	private static Long key(String what) {
		return UUID.nameUUIDFromBytes(what.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
	}

}
