package com.herald.email.tracking;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code limit} hits per key (a client address) per minute, on this node. Windows
 * are dropped when they end, so the map holds only the last minute's clients.
 */
final class FixedWindowLimiter {

	private static final long WINDOW_MILLIS = 60_000;

	private final int limit;

	private volatile long windowStart = System.currentTimeMillis();

	private volatile Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

	FixedWindowLimiter(int limit) {
		this.limit = limit;
	}

	/** Counts a hit; false when the key is over its limit for this minute. */
	boolean tryHit(String key) {
		long now = System.currentTimeMillis();
		if (now - this.windowStart >= WINDOW_MILLIS) {
			synchronized (this) {
				if (now - this.windowStart >= WINDOW_MILLIS) {
					this.hits = new ConcurrentHashMap<>();
					this.windowStart = now;
				}
			}
		}
		return this.hits.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet() <= this.limit;
	}

}
