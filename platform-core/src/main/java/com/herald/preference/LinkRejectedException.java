package com.herald.preference;

/**
 * A link that cannot be honoured: {@link Reason#INVALID} (malformed or tampered with) or
 * {@link Reason#EXPIRED}. The message is safe to log; it names no contact.
 */
public class LinkRejectedException extends RuntimeException {

	/** Why. */
	public enum Reason {

		INVALID, EXPIRED

	}

	private final Reason reason;

	LinkRejectedException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

}
