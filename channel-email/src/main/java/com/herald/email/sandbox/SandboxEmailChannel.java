package com.herald.email.sandbox;

import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.channel.CommunicationChannel;
import com.herald.channel.DeliveryStatus;
import com.herald.channel.OutboundMessage;
import com.herald.channel.RateLimit;
import com.herald.channel.SendResult;
import com.herald.channel.StatusUpdate;
import com.herald.channel.WebhookEvents;
import com.herald.channel.WebhookRejectedException;
import com.herald.channel.WebhookRequest;
import com.herald.consent.Channel;
import com.herald.email.EmailAddresses;
import com.herald.email.EmailOutbox;
import com.herald.email.EmailProperties;
import com.herald.email.EmailSenders;
import com.herald.email.ListUnsubscribe;
import com.herald.email.OutboxEmail;
import com.herald.tenancy.TenantId;

/**
 * The sandbox email provider: records each email, as it would have gone out (sender,
 * subject, HTML and text parts, List-Unsubscribe), in the outbox instead of sending it,
 * and {@link com.herald.sandbox.SandboxReceipts} reports it delivered shortly after. Used
 * when a tenant has no email provider, so the embedded start works with no accounts at
 * all.
 */
public class SandboxEmailChannel implements CommunicationChannel {

	private final EmailOutbox outbox;

	private final EmailSenders senders;

	private final EmailProperties properties;

	public SandboxEmailChannel(EmailOutbox outbox, EmailSenders senders, EmailProperties properties) {
		this.outbox = outbox;
		this.senders = senders;
		this.properties = properties;
	}

	@Override
	public Channel channel() {
		return Channel.EMAIL;
	}

	@Override
	public String provider() {
		return "sandbox";
	}

	@Override
	public boolean sandbox() {
		return true;
	}

	@Override
	public boolean configuredFor(UUID tenantId, @Nullable UUID storeId) {
		return true;
	}

	@Override
	public Optional<String> validateAddress(String address) {
		return EmailAddresses.validate(address);
	}

	@Override
	public SendResult send(OutboundMessage message) {
		Optional<String> invalid = validateAddress(message.to());
		if (invalid.isPresent()) {
			return SendResult.failed(message.deliveryId(), "invalid-address", invalid.get(), false);
		}
		String listUnsubscribe = ListUnsubscribe.headers(message, this.properties.unsubscribeMailto())
			.get(ListUnsubscribe.HEADER);
		OutboxEmail recorded = this.outbox.record(message, this.senders.resolve(message.tenantId(), message.storeId()),
				listUnsubscribe);
		return SendResult.accepted(message.deliveryId(), messageId(recorded.id()));
	}

	@Override
	public RateLimit rateLimit(UUID tenantId, @Nullable UUID storeId) {
		return RateLimit.perSecond(1000);
	}

	@Override
	public WebhookEvents parseWebhook(WebhookRequest request) {
		throw new WebhookRejectedException("The sandbox receives no webhooks");
	}

	@Override
	public Optional<StatusUpdate> lookup(OutboundMessage message) {
		return this.outbox.find(new TenantId(message.tenantId()), message.deliveryId())
			.map((recorded) -> new StatusUpdate(message.deliveryId(), messageId(recorded.id()),
					"delivered".equals(recorded.status()) ? DeliveryStatus.DELIVERED : DeliveryStatus.SENT,
					(recorded.deliveredAt() != null) ? recorded.deliveredAt() : recorded.createdAt(), null, null));
	}

	/**
	 * The provider message id of an outbox entry.
	 * @param outboxId the entry
	 * @return its message id
	 */
	public static String messageId(UUID outboxId) {
		return "SBE" + outboxId.toString().replace("-", "");
	}

}
