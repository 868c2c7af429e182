package com.herald.web.preference;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import org.springframework.stereotype.Component;

import com.herald.preference.PreferenceProperties;

/**
 * Limits the public pages per client address and per link (Bucket4j, greedy refill per
 * minute), so nobody can hammer them or try links in bulk. Buckets live in this node's
 * memory, in a map that forgets the least recently used keys beyond a bound: a cap
 * against abuse, not a quota, so nodes need not agree.
 */
@Component
class RecipientRateLimit {

	private static final int MAX_KEYS = 100_000;

	private final Map<String, Bucket> buckets = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
			return size() > MAX_KEYS;
		}

	});

	private final PreferenceProperties properties;

	RecipientRateLimit(PreferenceProperties properties) {
		this.properties = properties;
	}

	/**
	 * Takes one request from the client's and the link's buckets.
	 * @throws TooManyRequestsException when either is empty
	 */
	void check(String clientIp, String token) {
		long wait = Math.max(take("ip:" + clientIp, this.properties.requestsPerMinutePerClient()),
				take("link:" + token, this.properties.requestsPerMinutePerLink()));
		if (wait > 0) {
			throw new TooManyRequestsException(Duration.ofNanos(wait));
		}
	}

	/**
	 * @return 0 when a token was taken, else nanoseconds until one is there
	 */
	private long take(String key, int perMinute) {
		Bucket bucket = this.buckets.computeIfAbsent(key, (k) -> Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
			.build());
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
	}

	/** Too many requests; retry after {@link #retryAfter()}. */
	static class TooManyRequestsException extends RuntimeException {

		private final Duration retryAfter;

		TooManyRequestsException(Duration retryAfter) {
			super("Too many requests");
			this.retryAfter = retryAfter;
		}

		Duration retryAfter() {
			return this.retryAfter;
		}

	}

}
