package com.herald.dispatch;

import javax.sql.DataSource;

import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.herald.channel.RateLimit;
import com.herald.consent.Channel;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * The real {@link DispatchThrottle}, with a switch the quota benchmark turns off to
 * measure the same dispatcher without the limiter's round trips (granting every token
 * asked for). Off, it is exactly the real throttle. Benchmarks only: it lives in the
 * bench jar, never on Herald's classpath.
 */
@Primary
@Component
public class BenchThrottle extends DispatchThrottle {

	private static volatile boolean bypassed;

	BenchThrottle(DataSource dataSource, JdbcClient jdbc, TenantTransactions transactions,
			DispatchProperties properties) {
		super(dataSource, jdbc, transactions, properties);
	}

	public static void bypass(boolean on) {
		bypassed = on;
	}

	@Override
	public int reserve(TenantId tenant, Channel channel, String provider, String sender, RateLimit providerLimit,
			int wanted) {
		return bypassed ? wanted : super.reserve(tenant, channel, provider, sender, providerLimit, wanted);
	}

	@Override
	public void release(TenantId tenant, Channel channel, String provider, String sender, RateLimit providerLimit,
			int unused) {
		if (!bypassed) {
			super.release(tenant, channel, provider, sender, providerLimit, unused);
		}
	}

}
