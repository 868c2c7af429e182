package com.herald.email;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Email configuration ({@code herald.email.*}): the platform's default sender, the
 * SendGrid platform account tenants without their own use, SendGrid's base URL, and the
 * sandbox's simulated receipts.
 *
 * @param fromAddress the platform's default sender address
 * @param fromName the platform's default sender name
 * @param unsubscribeMailto the {@code mailto:} address offered in List-Unsubscribe next
 * to the HTTPS link (RFC 2369); empty offers only the link
 * @param sendgrid the SendGrid provider
 * @param sandbox the sandbox provider
 */
@ConfigurationProperties("herald.email")
public record EmailProperties(@DefaultValue("herald@localhost") String fromAddress,
		@DefaultValue("Herald") String fromName, @Nullable String unsubscribeMailto, @DefaultValue SendGrid sendgrid,
		@DefaultValue Sandbox sandbox) {

	/**
	 * @param baseUrl SendGrid's v3 API; tests, staging and benchmarks point it at a local
	 * server
	 * @param apiKey the platform's default API key (tenants without their own use it)
	 * @param webhookPublicKey the platform account's Event Webhook verification key
	 * (base64 of the DER public key SendGrid shows)
	 * @param batchSize recipients per {@code /v3/mail/send} request (SendGrid takes at
	 * most 1,000 personalizations)
	 * @param connectTimeout connecting to SendGrid
	 * @param readTimeout waiting for SendGrid's answer; after it the outcome is unknown
	 * @param messagesPerSecond the account's sending rate
	 * @param webhookTolerance how old a signed event batch may be
	 */
	public record SendGrid(@DefaultValue("https://api.sendgrid.com") String baseUrl, @Nullable String apiKey,
			@Nullable String webhookPublicKey, @DefaultValue("1000") int batchSize,
			@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
			@DefaultValue("5000") int messagesPerSecond, @DefaultValue("10m") Duration webhookTolerance) {
	}

	/**
	 * @param receiptDelay how long after a send the sandbox reports it delivered
	 */
	public record Sandbox(@DefaultValue("2s") Duration receiptDelay) {
	}

}
