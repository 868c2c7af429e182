package com.herald.channel;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;

/**
 * A tenant's chosen order of providers on one channel (email: primary, then secondary).
 * Channel modules contribute one per channel where tenants choose; without one, or when
 * it names none, every configured provider may serve in bean order.
 */
public interface ProviderPreference {

	/** The channel the order is for. */
	Channel channel();

	/**
	 * Provider names ({@link CommunicationChannel#provider()}) in the order the tenant
	 * (or store) wants them tried; empty when it has not chosen.
	 */
	List<String> order(UUID tenantId, @Nullable UUID storeId);

}
