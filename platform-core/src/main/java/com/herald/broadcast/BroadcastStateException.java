package com.herald.broadcast;

/**
 * The broadcast is not in a state that allows what was asked (launching a completed
 * broadcast, approving a draft). Answered 409.
 */
public class BroadcastStateException extends RuntimeException {

	public BroadcastStateException(String message) {
		super(message);
	}

}
