package com.herald.channel;

import java.util.List;

/**
 * Where channel modules hand the status reports and engagement events they parsed from
 * webhooks (or simulated, in the sandbox). The engine implements it: idempotent and out
 * of order safe, so a provider may repeat or reorder callbacks freely.
 */
public interface DeliveryStatusSink {

	/**
	 * Applies reports from one provider.
	 * @param provider the provider name ({@link CommunicationChannel#provider()})
	 * @param statuses status reports
	 * @param engagement engagement events
	 */
	void apply(String provider, List<StatusUpdate> statuses, List<EngagementEvent> engagement);

}
