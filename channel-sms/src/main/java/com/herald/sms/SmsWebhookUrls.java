package com.herald.sms;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The public URLs Twilio calls Herald at. Twilio signs the exact URL it called, so behind
 * a proxy the base must be the outside address
 * ({@code herald.sms.twilio.webhook-base-url}, else {@code herald.public-url}), not
 * whatever the request looked like inside.
 */
@Component
public class SmsWebhookUrls {

	public static final String STATUS_PATH = "/webhooks/twilio/status";

	public static final String INBOUND_PATH = "/webhooks/twilio/inbound";

	private final String base;

	SmsWebhookUrls(SmsProperties properties, Environment environment) {
		String configured = properties.twilio().webhookBaseUrl();
		String base = (configured != null && !configured.isBlank()) ? configured
				: environment.getProperty("herald.public-url", "http://localhost:8080");
		this.base = base.strip().replaceAll("/+$", "");
	}

	/**
	 * The status callback of one message: the tenant (and store) say whose auth token
	 * signs it, the delivery id finds the delivery even when the send's answer was lost.
	 */
	public String statusCallback(UUID tenantId, @Nullable UUID storeId, UUID deliveryId) {
		return this.base + STATUS_PATH + "?tenant=" + tenantId + "&delivery=" + deliveryId
				+ ((storeId != null) ? "&store=" + storeId : "");
	}

	/** The URL Twilio signed, for a request that reached {@code path} with this query. */
	public String signedUrl(String path, @Nullable String query) {
		return this.base + path + ((query != null && !query.isEmpty()) ? "?" + query : "");
	}

	public String inbound() {
		return this.base + INBOUND_PATH;
	}

}
