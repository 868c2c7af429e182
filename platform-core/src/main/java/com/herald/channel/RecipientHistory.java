package com.herald.channel;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;
import com.herald.tenancy.TenantId;

/**
 * Who last sent to an address, across tenants: how a channel module routes a reply that
 * reached a sender several tenants share (the platform's default number) to the tenant
 * whose message the person is answering.
 */
public interface RecipientHistory {

	/**
	 * The tenants (and stores) whose messages reached {@code address} on {@code channel},
	 * most recent first, each once.
	 */
	List<Sender> lastSenders(Channel channel, String address, int limit);

	/**
	 * A tenant, and the store it sent for (if any).
	 *
	 * @param tenant the tenant
	 * @param storeId the store, or null
	 */
	record Sender(TenantId tenant, @Nullable UUID storeId) {
	}

}
