package com.herald.delivery;

import java.time.Instant;
import java.util.List;

/**
 * A broadcast's rollups, as the tracking page and API show them.
 *
 * @param recipients contacts in the audience snapshot
 * @param excluded of them, how many got no delivery (consent, suppression, caps)
 * @param total deliveries materialised
 * @param queued deliveries not yet sent, failed or skipped
 * @param sent deliveries the provider took
 * @param delivered of those, confirmed delivered
 * @param undelivered of those, reported undelivered or failed by the provider
 * @param pending sent but with no delivery receipt yet
 * @param failed deliveries that could not be sent (dead letters)
 * @param skipped deliveries dropped unsent (cancelled)
 * @param replies replies attributed to the broadcast
 * @param optOuts opt-outs attributed to the broadcast
 * @param costMicros estimated cost of what was sent, in millionths
 * @param perMinute sends per minute, oldest first (the sparkline)
 */
public record BroadcastStats(long recipients, long excluded, long total, long queued, long sent, long delivered,
		long undelivered, long pending, long failed, long skipped, long replies, long optOuts, long costMicros,
		List<MinuteCount> perMinute) {

	public BroadcastStats {
		perMinute = List.copyOf(perMinute);
	}

	/** Whether every delivery has a final state: sent + failed + skipped = total. */
	public boolean finished() {
		return this.sent + this.failed + this.skipped == this.total;
	}

	/**
	 * @param minute the start of the minute
	 * @param sent messages sent in it
	 */
	public record MinuteCount(Instant minute, long sent) {
	}

}
