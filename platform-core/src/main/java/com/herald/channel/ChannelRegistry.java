package com.herald.channel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import com.herald.consent.Channel;

/**
 * The provider beans the channel modules contribute, and which one serves a tenant on a
 * channel: the first real provider configured for the tenant (or store), in the tenant's
 * order when it chose one ({@link ProviderPreference}), else the channel's sandbox.
 */
@Component
public class ChannelRegistry {

	private final List<CommunicationChannel> channels;

	private final List<ProviderPreference> preferences;

	ChannelRegistry(List<CommunicationChannel> channels, ObjectProvider<ProviderPreference> preferences) {
		this.channels = List.copyOf(channels);
		this.preferences = preferences.orderedStream().toList();
	}

	/** The provider serving this tenant and store on this channel, if any. */
	public Optional<CommunicationChannel> resolve(UUID tenantId, @Nullable UUID storeId, Channel channel) {
		return candidates(tenantId, storeId, channel).stream().findFirst();
	}

	/**
	 * The providers that may serve this tenant and store on this channel, best first: the
	 * configured real ones (in the tenant's order when it chose one), then the sandbox
	 * when no real one is configured. The engine moves down the list while a provider's
	 * circuit is open.
	 */
	public List<CommunicationChannel> candidates(UUID tenantId, @Nullable UUID storeId, Channel channel) {
		List<String> order = this.preferences.stream()
			.filter((preference) -> preference.channel() == channel)
			.findFirst()
			.map((preference) -> preference.order(tenantId, storeId))
			.orElse(List.of());
		List<CommunicationChannel> found = new ArrayList<>();
		for (CommunicationChannel candidate : this.channels) {
			if (candidate.channel() == channel && !candidate.sandbox()
					&& (order.isEmpty() || order.contains(candidate.provider()))
					&& candidate.configuredFor(tenantId, storeId)) {
				found.add(candidate);
			}
		}
		found.sort(Comparator.comparingInt((CommunicationChannel candidate) -> order.indexOf(candidate.provider())));
		if (found.isEmpty()) {
			this.channels.stream()
				.filter((candidate) -> candidate.channel() == channel && candidate.sandbox())
				.findFirst()
				.ifPresent(found::add);
		}
		return found;
	}

	/**
	 * The provider with this name on this channel
	 * ({@link CommunicationChannel#provider()}).
	 */
	public Optional<CommunicationChannel> byProvider(Channel channel, String provider) {
		return this.channels.stream()
			.filter((candidate) -> candidate.channel() == channel && candidate.provider().equals(provider))
			.findFirst();
	}

}
