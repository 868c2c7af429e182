package com.herald.dispatch;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;

/**
 * The tokens one batch took from the shared buckets, handed out one send at a time: sends
 * are paced at the tightest limit's spacing (a batch does not burst), and tokens count
 * only in the calendar window (the shortest limited period) they were taken in, because
 * that is the window the bucket took them from. A send still waiting when the window ends
 * takes a fresh token of the new one; when none is left it is not sent now. Unused tokens
 * of the current window go back to the buckets. Safe for concurrent senders.
 */
public final class SendPermits {

	private final ReentrantLock lock = new ReentrantLock();

	/** Takes up to n tokens from the buckets; returns how many it got. */
	private final IntUnaryOperator take;

	/** Hands n tokens back. */
	private final IntUnaryOperator give;

	private final long windowMillis;

	private final long spacingNanos;

	private final LongSupplier wallClock;

	private final int granted;

	private long windowEnd;

	private int available;

	private int claimed;

	private int used;

	private long nextSlot;

	private boolean exhausted;

	SendPermits(IntUnaryOperator take, IntUnaryOperator give, long windowMillis, long spacingNanos, int wanted,
			LongSupplier wallClock) {
		this.take = take;
		this.give = give;
		this.windowMillis = windowMillis;
		this.spacingNanos = spacingNanos;
		this.wallClock = wallClock;
		long now = wallClock.getAsLong();
		this.windowEnd = windowEnd(now);
		// no more than fit in what is left of the window at the pace, so few expire
		long fit = (spacingNanos > 0) ? TimeUnit.MILLISECONDS.toNanos(this.windowEnd - now) / spacingNanos + 1 : wanted;
		this.granted = (wanted <= 0) ? 0 : this.take.applyAsInt((int) Math.min(wanted, fit));
		this.available = this.granted;
		this.nextSlot = System.nanoTime();
	}

	/** How many deliveries the batch may claim. */
	public int granted() {
		return this.granted;
	}

	/** Hands back the tokens the claim did not need. */
	public void claimed(int count) {
		this.lock.lock();
		try {
			this.claimed = count;
			giveBack(this.available - count);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits for the next send's slot and takes its token.
	 * @return false when the window changed and its bucket has nothing left: do not send
	 * now (try again from {@link #nextWindow()})
	 */
	public boolean acquire() {
		this.lock.lock();
		try {
			if (this.exhausted) {
				return false;
			}
			// parking may end early
			for (long wait = this.nextSlot - System.nanoTime(); wait > 0; wait = this.nextSlot - System.nanoTime()) {
				LockSupport.parkNanos(wait);
			}
			long now = this.wallClock.getAsLong();
			if (now >= this.windowEnd) {
				// the old window's tokens do not count in this one
				this.windowEnd = windowEnd(now);
				int left = this.claimed - this.used;
				this.available = (left > 0) ? this.take.applyAsInt(left) : 0;
			}
			if (this.available <= 0) {
				this.exhausted = true;
				return false;
			}
			this.available--;
			this.used++;
			this.nextSlot = Math.max(this.nextSlot, System.nanoTime() - this.spacingNanos) + this.spacingNanos;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** When tokens are next refilled: the start of the next window. */
	public Instant nextWindow() {
		return Instant.ofEpochMilli(this.windowEnd);
	}

	/** Hands back what the batch took and did not send, if its window is still on. */
	public void close() {
		this.lock.lock();
		try {
			giveBack(this.available);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void giveBack(int unused) {
		if (unused > 0 && this.wallClock.getAsLong() < this.windowEnd) {
			this.give.applyAsInt(unused);
		}
		this.available -= Math.max(0, unused);
	}

	private long windowEnd(long now) {
		return (now / this.windowMillis + 1) * this.windowMillis;
	}

}
