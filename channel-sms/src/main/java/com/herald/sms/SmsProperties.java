package com.herald.sms;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * SMS configuration ({@code herald.sms.*}): the platform's default Twilio account (used
 * by tenants without their own), the Twilio API's base URL and connection pool, and the
 * sandbox's simulated receipts.
 *
 * @param twilio the Twilio provider
 * @param sandbox the sandbox provider
 * @param helpText the reply to HELP when a tenant has not written its own
 */
@ConfigurationProperties("herald.sms")
public record SmsProperties(@DefaultValue Twilio twilio, @DefaultValue Sandbox sandbox,
		@DefaultValue("Reply STOP to unsubscribe. Msg&data rates may apply.") String helpText) {

	/**
	 * @param baseUrl Twilio's REST API; tests and staging point it at a local server
	 * @param webhookBaseUrl the public URL Twilio calls Herald at (status callbacks and
	 * inbound messages are signed over it); empty means {@code herald.public-url}
	 * @param accountSid the platform's default account
	 * @param authToken the platform's default account's auth token
	 * @param from the platform's default sender number
	 * @param messagingServiceSid the platform's default Messaging Service
	 * @param whatsappFrom the platform's default WhatsApp sender
	 * @param poolSize HTTP connections to Twilio (the SDK's own client allows 20)
	 * @param connectTimeout connecting to Twilio
	 * @param readTimeout waiting for Twilio's answer
	 * @param messagesPerSecond one sender's rate (a long code sends 1 per second)
	 */
	public record Twilio(@DefaultValue("https://api.twilio.com") String baseUrl, @Nullable String webhookBaseUrl,
			@Nullable String accountSid, @Nullable String authToken, @Nullable String from,
			@Nullable String messagingServiceSid, @Nullable String whatsappFrom, @DefaultValue("200") int poolSize,
			@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
			@DefaultValue("1") int messagesPerSecond) {
	}

	/**
	 * @param receiptDelay how long after a send the sandbox reports it delivered
	 */
	public record Sandbox(@DefaultValue("2s") Duration receiptDelay) {
	}

}
