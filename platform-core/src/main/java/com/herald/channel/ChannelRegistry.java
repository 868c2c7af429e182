package com.herald.channel;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import com.herald.consent.Channel;

/**
 * The provider beans the channel modules contribute, and which one serves a tenant on a
 * channel: the first real provider configured for the tenant (or store), else the
 * channel's sandbox.
 */
@Component
public class ChannelRegistry {

	private final List<CommunicationChannel> channels;

	ChannelRegistry(List<CommunicationChannel> channels) {
		this.channels = List.copyOf(channels);
	}

	/** The provider serving this tenant and store on this channel, if any. */
	public Optional<CommunicationChannel> resolve(UUID tenantId, @Nullable UUID storeId, Channel channel) {
		Optional<CommunicationChannel> configured = this.channels.stream()
			.filter((candidate) -> candidate.channel() == channel && !candidate.sandbox()
					&& candidate.configuredFor(tenantId, storeId))
			.findFirst();
		if (configured.isPresent()) {
			return configured;
		}
		return this.channels.stream()
			.filter((candidate) -> candidate.channel() == channel && candidate.sandbox())
			.findFirst();
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
