package com.herald.delivery;

import java.util.Locale;

import com.herald.channel.DeliveryStatus;

/**
 * Where a delivery stands in Herald's queue. {@code sent}, {@code delivered} and
 * {@code undelivered} mean the provider took the message; {@code failed} (a dead letter)
 * and {@code skipped} mean it never went.
 */
public enum DeliveryState {

	QUEUED(0), SENDING(1), HELD(1), SENT(2), DELIVERED(3), UNDELIVERED(3), FAILED(3), SKIPPED(3);

	private final int rank;

	DeliveryState(int rank) {
		this.rank = rank;
	}

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static DeliveryState fromKey(String key) {
		return valueOf(key.toUpperCase(Locale.ROOT));
	}

	/** Whether the provider has the message. */
	public boolean withProvider() {
		return this == SENT || this == DELIVERED || this == UNDELIVERED;
	}

	/** Whether the engine still owes it a send (or a reconciliation). */
	public boolean pending() {
		return this == QUEUED || this == SENDING || this == HELD;
	}

	/** The state a provider report moves a delivery to. */
	static DeliveryState of(DeliveryStatus status) {
		return switch (status) {
			case QUEUED, SENDING, SENT -> SENT;
			case DELIVERED -> DELIVERED;
			case UNDELIVERED, FAILED -> UNDELIVERED;
		};
	}

	/** Whether a report of {@code next} is news: never backwards, never sideways. */
	boolean canAdvanceTo(DeliveryState next) {
		if (this == FAILED || this == SKIPPED) {
			return false;
		}
		return next.rank > this.rank;
	}

}
