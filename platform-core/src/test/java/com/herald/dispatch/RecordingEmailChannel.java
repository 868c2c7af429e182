package com.herald.dispatch;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

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
 * A stand-in email provider for the tenants a test enrols (others fall back to the
 * sandbox): it accepts every message and keeps it exactly as the engine handed it over,
 * so tests can read the rendered subject, HTML, text and metadata.
 */
@Component
public class RecordingEmailChannel implements CommunicationChannel {

	public static final String PROVIDER = "recording-email";

	private final Set<UUID> tenants = ConcurrentHashMap.newKeySet();

	private final List<OutboundMessage> received = new CopyOnWriteArrayList<>();

	/** Serves this tenant's email from now on. */
	public void enrol(UUID tenantId) {
		this.tenants.add(tenantId);
	}

	/** What this tenant's email looked like when it reached the provider. */
	public List<OutboundMessage> received(UUID tenantId) {
		return this.received.stream().filter((message) -> message.tenantId().equals(tenantId)).toList();
	}

	@Override
	public Channel channel() {
		return Channel.EMAIL;
	}

	@Override
	public String provider() {
		return PROVIDER;
	}

	@Override
	public boolean configuredFor(UUID tenantId, @Nullable UUID storeId) {
		return this.tenants.contains(tenantId);
	}

	@Override
	public Optional<String> validateAddress(String address) {
		return address.contains("@") ? Optional.empty() : Optional.of("Not an email address");
	}

	@Override
	public SendResult send(OutboundMessage message) {
		this.received.add(message);
		return SendResult.accepted(message.deliveryId(), "rec-" + message.deliveryId());
	}

	@Override
	public RateLimit rateLimit(UUID tenantId, @Nullable UUID storeId) {
		return RateLimit.perSecond(10_000);
	}

	@Override
	public WebhookEvents parseWebhook(WebhookRequest request) {
		throw new WebhookRejectedException("The recording channel takes no webhooks");
	}

}
