package com.herald.email.tracking;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tracking ({@code herald.email.tracking.*}).
 *
 * @param requestsPerMinute how many tracking requests one client address may make per
 * minute on one node before it is refused (opens: 429) or no longer recorded (clicks
 * still redirect); image proxies of large mailbox providers send many, so keep it
 * generous
 */
@ConfigurationProperties("herald.email.tracking")
public record TrackingProperties(@DefaultValue("600") int requestsPerMinute) {
}
