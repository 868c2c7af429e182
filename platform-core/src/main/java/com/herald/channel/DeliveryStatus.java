package com.herald.channel;

import java.util.Locale;

/**
 * Where a delivery stands, as providers report it. The rank orders states so a late
 * callback never moves a delivery backwards: a {@code sent} arriving after
 * {@code delivered} is ignored.
 */
public enum DeliveryStatus {

	QUEUED(0, false), SENDING(1, false), SENT(2, false), DELIVERED(3, true), UNDELIVERED(3, true), FAILED(3, true);

	private final int rank;

	private final boolean terminal;

	DeliveryStatus(int rank, boolean terminal) {
		this.rank = rank;
		this.terminal = terminal;
	}

	public int rank() {
		return this.rank;
	}

	/** Whether no later provider report can change it. */
	public boolean terminal() {
		return this.terminal;
	}

	/** Whether moving from this status to {@code next} is progress (never backwards). */
	public boolean canAdvanceTo(DeliveryStatus next) {
		return next.rank > this.rank;
	}

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

}
