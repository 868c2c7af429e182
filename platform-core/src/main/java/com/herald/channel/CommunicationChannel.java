package com.herald.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;

/**
 * One provider serving one channel (Twilio for SMS, Twilio for WhatsApp, SendGrid for
 * email, a sandbox for any of them). Implementations are Spring beans in the channel
 * modules; they resolve their own per-tenant configuration (credentials are encrypted at
 * rest) from the tenant and store in each message.
 */
public interface CommunicationChannel {

	/** The channel this provider serves. */
	Channel channel();

	/**
	 * A stable provider name, stored on each delivery: {@code twilio}, {@code sandbox}.
	 */
	String provider();

	/** Whether this is the in-app sandbox that only records messages in the outbox. */
	default boolean sandbox() {
		return false;
	}

	/**
	 * Whether the tenant (or the store) has this provider configured, with its own
	 * credentials or the platform defaults. The engine falls back to the sandbox when no
	 * real provider is configured.
	 */
	boolean configuredFor(UUID tenantId, @Nullable UUID storeId);

	/**
	 * Checks an address for this channel ({@code +14155550100} for SMS). Returns the
	 * reason it cannot be used, or empty when it can.
	 */
	Optional<String> validateAddress(String address);

	/**
	 * Sends one message. Never throws for provider or network errors: they come back as
	 * {@link SendResult} outcomes so the engine can retry, fail or hold the delivery.
	 */
	SendResult send(OutboundMessage message);

	/**
	 * Sends several messages, in one request when the provider takes batches. Results
	 * come back in the order of the messages.
	 */
	default List<SendResult> sendBatch(List<OutboundMessage> messages) {
		List<SendResult> results = new ArrayList<>(messages.size());
		for (OutboundMessage message : messages) {
			results.add(send(message));
		}
		return results;
	}

	/** How many messages {@link #sendBatch} takes at most in one call. */
	default int maxBatchSize() {
		return 1;
	}

	/**
	 * The sending identity messages of this tenant and store go out as (a number, a
	 * Messaging Service): {@link #rateLimit} is its rate, shared by every message sent as
	 * it, from any tenant or store. By default one per tenant.
	 */
	default String sender(UUID tenantId, @Nullable UUID storeId) {
		return tenantId.toString();
	}

	/** The rate limit of the {@link #sender} of this tenant and store. */
	RateLimit rateLimit(UUID tenantId, @Nullable UUID storeId);

	/**
	 * Verifies and parses a status or inbound webhook from this provider.
	 * @throws WebhookRejectedException when the signature does not verify or the request
	 * is not one of this provider's
	 */
	WebhookEvents parseWebhook(WebhookRequest request);

	/**
	 * Asks the provider what became of a message whose send outcome was unknown (the
	 * connection was lost after the request went out). Empty when the provider has no
	 * record of it, which makes a re-send safe.
	 */
	default Optional<StatusUpdate> lookup(OutboundMessage message) {
		return Optional.empty();
	}

}
