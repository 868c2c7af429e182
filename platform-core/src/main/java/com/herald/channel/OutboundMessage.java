package com.herald.channel;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;

/**
 * One rendered message for one recipient. {@code deliveryId} is Herald's idempotency key:
 * providers pass it along (status callback URL, custom args) so callbacks and lookups can
 * find the delivery again.
 *
 * @param tenantId the tenant sending
 * @param storeId the store sending, when the broadcast is a store's
 * @param deliveryId Herald's delivery id
 * @param channel the channel
 * @param to the recipient address (E.164 phone, email address, device token)
 * @param content the rendered content
 * @param category the message category ({@code promotional}, {@code transactional}, …)
 * @param metadata provider-neutral extras (e.g. {@code broadcastId})
 */
public record OutboundMessage(UUID tenantId, @Nullable UUID storeId, UUID deliveryId, Channel channel, String to,
		MessageContent content, String category, Map<String, String> metadata) {

	/**
	 * The metadata key of an email's one-click unsubscribe URL (HTTPS), for the
	 * providers' {@code List-Unsubscribe} and {@code List-Unsubscribe-Post} headers (RFC
	 * 8058). Set on every email whose recipient has a preference-center link.
	 */
	public static final String UNSUBSCRIBE_URL = "unsubscribeUrl";

	public OutboundMessage {
		metadata = Map.copyOf(metadata);
	}

}
