package com.herald.channel;

import java.util.List;

/**
 * What one webhook carried: status updates, engagement events and inbound messages.
 *
 * @param statuses status reports
 * @param engagement engagement events
 * @param inbound inbound messages
 */
public record WebhookEvents(List<StatusUpdate> statuses, List<EngagementEvent> engagement,
		List<InboundMessage> inbound) {

	public WebhookEvents {
		statuses = List.copyOf(statuses);
		engagement = List.copyOf(engagement);
		inbound = List.copyOf(inbound);
	}

	public static WebhookEvents of(StatusUpdate status) {
		return new WebhookEvents(List.of(status), List.of(), List.of());
	}

	public static WebhookEvents of(InboundMessage message) {
		return new WebhookEvents(List.of(), List.of(), List.of(message));
	}

}
