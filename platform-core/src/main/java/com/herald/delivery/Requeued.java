package com.herald.delivery;

/**
 * What re-queueing dead letters did.
 *
 * @param requeued back in the queue
 * @param fellBack left failed: the recipient already moved on to a later channel (a
 * fallback), so a retry would send them the message twice
 * @param suppressed left failed: the address has been suppressed since
 */
public record Requeued(int requeued, int fellBack, int suppressed) {

	/** How many of the dead letters found were left failed. */
	public int notRetried() {
		return this.fellBack + this.suppressed;
	}

}
