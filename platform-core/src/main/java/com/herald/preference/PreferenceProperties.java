package com.herald.preference;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Preference center settings ({@code herald.preferences.*}).
 *
 * @param linkValidity how long an unsubscribe or preference link works after it was
 * issued (CAN-SPAM asks for at least 30 days after the message was sent)
 * @param requestsPerMinutePerClient public page requests one client address may make per
 * minute
 * @param requestsPerMinutePerLink requests one link may receive per minute, whoever sends
 * them
 */
@ConfigurationProperties("herald.preferences")
public record PreferenceProperties(@Nullable Duration linkValidity, @Nullable Integer requestsPerMinutePerClient,
		@Nullable Integer requestsPerMinutePerLink) {

	public PreferenceProperties {
		linkValidity = (linkValidity != null) ? linkValidity : Duration.ofDays(90);
		requestsPerMinutePerClient = (requestsPerMinutePerClient != null) ? requestsPerMinutePerClient : 60;
		requestsPerMinutePerLink = (requestsPerMinutePerLink != null) ? requestsPerMinutePerLink : 20;
	}

}
