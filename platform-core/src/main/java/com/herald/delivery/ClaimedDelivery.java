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
 * @param email the broadcast's email content and the sender's postal address, for email
 * deliveries
 */
public record ClaimedDelivery(UUID id, UUID broadcastId, UUID contactId, @Nullable UUID storeId, String address,
		int attempts, String body, String category, Map<String, Object> variables, @Nullable Email email) {

	/** A delivery without email content (SMS, WhatsApp, push). */
	public ClaimedDelivery(UUID id, UUID broadcastId, UUID contactId, @Nullable UUID storeId, String address,
			int attempts, String body, String category, Map<String, Object> variables) {
		this(id, broadcastId, contactId, storeId, address, attempts, body, category, variables, null);
	}

	/**
	 * What an email delivery renders, as stored with its broadcast.
	 *
	 * @param subject the Liquid subject
	 * @param preheader the Liquid preheader, if any
	 * @param html the sanitized Liquid HTML
	 * @param postalAddress the sending store's postal address (else the tenant's first
	 * store's), for the footer of marketing email
	 */
	public record Email(String subject, @Nullable String preheader, String html, @Nullable String postalAddress) {
	}

}
