package com.herald.dispatch;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import com.herald.channel.CommunicationChannel;
import com.herald.channel.OutboundMessage;
import com.herald.channel.ProviderPreference;
import com.herald.channel.RateLimit;
import com.herald.channel.SendResult;
import com.herald.channel.WebhookEvents;
import com.herald.channel.WebhookRejectedException;
import com.herald.channel.WebhookRequest;
import com.herald.consent.Channel;

/**
 * A second stand-in SMS provider, and the provider order of the tenants a test enrols in
 * it: {@link ScriptedChannel} first, this one second. It accepts everything and counts
 * requests per delivery.
 */
@Component
public class SecondaryChannel implements CommunicationChannel, ProviderPreference {

	public static final String PROVIDER = "scripted-secondary";

	private final Set<UUID> tenants = ConcurrentHashMap.newKeySet();

	private final Map<UUID, AtomicInteger> requests = new ConcurrentHashMap<>();

	public void enrol(UUID tenantId) {
		this.tenants.add(tenantId);
	}

	public int requests(UUID deliveryId) {
		AtomicInteger count = this.requests.get(deliveryId);
		return (count != null) ? count.get() : 0;
	}

	@Override
	public Channel channel() {
		return Channel.SMS;
	}

	@Override
	public String provider() {
		return PROVIDER;
	}

	@Override
	public List<String> order(UUID tenantId, @Nullable UUID storeId) {
		return this.tenants.contains(tenantId) ? List.of(ScriptedChannel.PROVIDER, PROVIDER) : List.of();
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
		this.requests.computeIfAbsent(message.deliveryId(), (key) -> new AtomicInteger()).incrementAndGet();
		return SendResult.accepted(message.deliveryId(), "SEC" + message.deliveryId());
	}

	@Override
	public RateLimit rateLimit(UUID tenantId, @Nullable UUID storeId) {
		return RateLimit.perSecond(1000);
	}

	@Override
	public WebhookEvents parseWebhook(WebhookRequest request) {
		throw new WebhookRejectedException("No webhooks");
	}

}
