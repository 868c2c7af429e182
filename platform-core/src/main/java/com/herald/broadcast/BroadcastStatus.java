package com.herald.broadcast;

import java.util.Locale;

/** Where a broadcast stands. Stored lowercase. */
public enum BroadcastStatus {

	DRAFT, AWAITING_APPROVAL, SCHEDULED, SENDING, PAUSED, COMPLETED, CANCELLED, FAILED;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static BroadcastStatus fromKey(String key) {
		return valueOf(key.toUpperCase(Locale.ROOT));
	}

	/** Whether nothing more can happen to it. */
	public boolean finished() {
		return this == COMPLETED || this == CANCELLED || this == FAILED;
	}

	/** Whether its content, audience and schedule may still change. */
	public boolean editable() {
		return this == DRAFT || this == AWAITING_APPROVAL || this == SCHEDULED;
	}

}
