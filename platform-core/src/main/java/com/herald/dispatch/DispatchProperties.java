package com.herald.dispatch;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Dispatch settings ({@code herald.dispatch.*}).
 *
 * @param enabled whether this node runs workers
 * @param workers worker threads on this node
 * @param pollInterval how long an idle worker waits before looking again (pause, resume
 * and cancel take effect within one poll plus one batch)
 * @param batchSize the most deliveries a worker claims at once
 * @param concurrency the most sends a worker has in flight at once (a provider answering
 * in 50 ms lets a worker send at most concurrency ÷ 0.05 s messages a second); keep
 * workers × concurrency within the provider client's connection pool
 * ({@code herald.sms.twilio.pool-size})
 * @param maxAttempts send attempts before a delivery becomes a dead letter
 * @param backoffBase the first retry's delay; each further retry doubles it
 * @param backoffMax the longest retry delay
 * @param lease how long a claim may stay unresolved before its worker is presumed gone
 * @param holdDelay how long a send with an unknown outcome waits for a status callback
 * before the provider is asked
 * @param quota platform default quota per tenant × channel, where the tenant has none
 * @param breaker the circuit breaker per provider
 */
@ConfigurationProperties("herald.dispatch")
public record DispatchProperties(@Nullable Boolean enabled, @Nullable Integer workers, @Nullable Duration pollInterval,
		@Nullable Integer batchSize, @Nullable Integer concurrency, @Nullable Integer maxAttempts,
		@Nullable Duration backoffBase, @Nullable Duration backoffMax, @Nullable Duration lease,
		@Nullable Duration holdDelay, @Nullable Quota quota, @Nullable Breaker breaker) {

	public DispatchProperties {
		enabled = (enabled != null) ? enabled : true;
		workers = (workers != null) ? workers : 2;
		pollInterval = (pollInterval != null) ? pollInterval : Duration.ofMillis(250);
		batchSize = (batchSize != null) ? batchSize : 200;
		concurrency = (concurrency != null && concurrency > 0) ? concurrency : 100;
		maxAttempts = (maxAttempts != null) ? maxAttempts : 5;
		backoffBase = (backoffBase != null) ? backoffBase : Duration.ofSeconds(5);
		backoffMax = (backoffMax != null) ? backoffMax : Duration.ofMinutes(10);
		lease = (lease != null) ? lease : Duration.ofMinutes(2);
		holdDelay = (holdDelay != null) ? holdDelay : Duration.ofSeconds(30);
		quota = (quota != null) ? quota : new Quota(100L, null, null);
		breaker = (breaker != null) ? breaker : new Breaker(50f, 20, Duration.ofSeconds(30));
	}

	/**
	 * Sends allowed per tenant × channel.
	 *
	 * @param perSecond per second
	 * @param perMinute per minute, if limited
	 * @param perDay per day, if limited
	 */
	public record Quota(@Nullable Long perSecond, @Nullable Long perMinute, @Nullable Long perDay) {
	}

	/**
	 * @param failureRatePercent the failure rate that opens the breaker
	 * @param window how many recent sends it looks at
	 * @param openFor how long it stays open before letting a few sends probe
	 */
	public record Breaker(float failureRatePercent, int window, Duration openFor) {
	}

}
