package com.herald.broadcast;

/**
 * What a dead-letter retry did.
 *
 * @param requeued back in the queue
 * @param notRetried chosen but left failed: the address is suppressed now, the broadcast
 * was cancelled, or it was no longer a dead letter
 */
public record RetryResult(int requeued, int notRetried) {
}
