package com.herald.channel;

/** A webhook that failed its signature check or is not the provider's. Answered 403. */
public class WebhookRejectedException extends RuntimeException {

	public WebhookRejectedException(String message) {
		super(message);
	}

}
