package com.herald.channel;

import java.util.List;

import com.herald.tenancy.TenantId;

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

	/**
	 * Applies status reports about one tenant's messages, in the caller's transaction
	 * when one is running (a channel module records its own copy of a report in the same
	 * transaction, so the two never disagree). The tenant comes from a verified webhook:
	 * reports naming another tenant's delivery change nothing.
	 * @param provider the provider name
	 * @param tenant the tenant the reports are about
	 * @param statuses status reports
	 */
	default void apply(String provider, TenantId tenant, List<StatusUpdate> statuses) {
		apply(provider, statuses, List.of());
	}

}
