package com.herald.email.smtp;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * SMTP sending ({@code herald.email.smtp.*}).
 *
 * @param connectionsPerServer how many connections Herald keeps open to one server at
 * most (senders wait for a free one)
 * @param messagesPerConnection after this many messages a connection is closed and a new
 * one opened (many servers cap messages per session)
 * @param idleTimeout a pooled connection unused this long is closed instead of reused
 * @param connectTimeout connecting to the server
 * @param readTimeout waiting for each server reply
 * @param waitForConnection how long a sender waits for a free pooled connection
 * @param messagesPerSecond the sending rate the engine allows per tenant's server
 */
@ConfigurationProperties("herald.email.smtp")
public record SmtpProperties(@DefaultValue("4") int connectionsPerServer,
		@DefaultValue("500") int messagesPerConnection, @DefaultValue("60s") Duration idleTimeout,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
		@DefaultValue("30s") Duration waitForConnection, @DefaultValue("50") int messagesPerSecond) {

	public SmtpProperties {
		if (connectionsPerServer < 1 || messagesPerConnection < 1 || messagesPerSecond < 1) {
			throw new IllegalArgumentException(
					"herald.email.smtp connections, messages per connection and rate must be at least 1");
		}
	}

}
