package com.herald.channel;

import java.time.Duration;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What a provider said about one send.
 *
 * @param deliveryId the delivery the message was for
 * @param outcome what the engine should do next
 * @param providerMessageId the provider's id for the message (Twilio's {@code SM…} sid)
 * @param errorCode the provider's error code, when it failed
 * @param errorMessage the provider's error text, when it failed (never contains the body)
 * @param retryAfter how long the provider asked us to wait ({@code Retry-After}), if it
 * did
 * @param recipientOptedOut whether the provider refused because the recipient opted out;
 * the engine adds a suppression
 */
public record SendResult(UUID deliveryId, Outcome outcome, @Nullable String providerMessageId,
		@Nullable String errorCode, @Nullable String errorMessage, @Nullable Duration retryAfter,
		boolean recipientOptedOut) {

	public enum Outcome {

		/** The provider took the message. */
		ACCEPTED,
		/** Rate limited, 5xx, timeout before the request was sent: retry later. */
		RETRY,
		/** Permanent: invalid number, unsubscribed recipient, rejected content. */
		FAILED,
		/**
		 * The request may have reached the provider; hold and reconcile, never re-send
		 * blindly.
		 */
		UNKNOWN

	}

	public static SendResult accepted(UUID deliveryId, String providerMessageId) {
		return new SendResult(deliveryId, Outcome.ACCEPTED, providerMessageId, null, null, null, false);
	}

	public static SendResult retry(UUID deliveryId, @Nullable String errorCode, String errorMessage,
			@Nullable Duration retryAfter) {
		return new SendResult(deliveryId, Outcome.RETRY, null, errorCode, errorMessage, retryAfter, false);
	}

	public static SendResult failed(UUID deliveryId, @Nullable String errorCode, String errorMessage,
			boolean recipientOptedOut) {
		return new SendResult(deliveryId, Outcome.FAILED, null, errorCode, errorMessage, null, recipientOptedOut);
	}

	public static SendResult unknown(UUID deliveryId, String errorMessage) {
		return new SendResult(deliveryId, Outcome.UNKNOWN, null, null, errorMessage, null, false);
	}

}
