package com.herald.email.tracking;

/** A client made more tracking requests than allowed this minute. Answered 429. */
public class TooManyTrackingRequestsException extends RuntimeException {

	public TooManyTrackingRequestsException() {
		super("Too many requests");
	}

}
