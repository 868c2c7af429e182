package com.herald.delivery;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A delivery a worker has claimed, with what it needs to render and send it.
 *
 * @param id the delivery
 * @param broadcastId its broadcast
 * @param contactId the recipient
 * @param storeId the store sending it, if any
 * @param address where it goes
 * @param attempts attempts including this one
 * @param body the broadcast's Liquid body
 * @param category the message category
 * @param variables the contact and store fields the body may use
 */
public record ClaimedDelivery(UUID id, UUID broadcastId, UUID contactId, @Nullable UUID storeId, String address,
		int attempts, String body, String category, Map<String, Object> variables) {
}
