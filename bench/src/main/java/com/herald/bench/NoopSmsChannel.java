package com.herald.bench;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import com.herald.channel.CommunicationChannel;
import com.herald.channel.OutboundMessage;
import com.herald.channel.RateLimit;
import com.herald.channel.SendResult;
import com.herald.channel.WebhookEvents;
import com.herald.channel.WebhookRejectedException;
import com.herald.channel.WebhookRequest;
import com.herald.consent.Channel;

/**
 * An SMS provider that takes every message at once, for the tenants a benchmark enrols:
 * what is left of a send is Herald's own work (claim, render, record).
 */
@Component
class NoopSmsChannel implements CommunicationChannel {

	private final Set<UUID> tenants = ConcurrentHashMap.newKeySet();

	void enrol(UUID tenantId) {
		this.tenants.add(tenantId);
	}

	@Override
	public Channel channel() {
		return Channel.SMS;
	}

	@Override
	public String provider() {
		return "noop";
	}

	@Override
	public boolean configuredFor(UUID tenantId, @Nullable UUID storeId) {
		return this.tenants.contains(tenantId);
	}

	@Override
	public Optional<String> validateAddress(String address) {
		return Optional.empty();
	}

	@Override
	public SendResult send(OutboundMessage message) {
		return SendResult.accepted(message.deliveryId(), "noop-" + message.deliveryId());
	}

	@Override
	public RateLimit rateLimit(UUID tenantId, @Nullable UUID storeId) {
		return RateLimit.perSecond(1_000_000_000L);
	}

	@Override
	public WebhookEvents parseWebhook(WebhookRequest request) {
		throw new WebhookRejectedException("The no-op provider takes no webhooks");
	}

}
