package com.herald.sandbox;

import java.time.Instant;
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
import com.herald.tenancy.TenantId;

/**
 * A sandbox provider: records each valid message in its outbox instead of sending it, and
 * {@link SandboxReceipts} reports it delivered shortly after. Always configured, so the
 * embedded start works with no accounts at all; receives no webhooks.
 */
public abstract class SandboxChannel implements CommunicationChannel {

	private final String messageIdPrefix;

	/**
	 * A sandbox provider.
	 * @param messageIdPrefix starts the provider message ids it reports
	 */
	protected SandboxChannel(String messageIdPrefix) {
		this.messageIdPrefix = messageIdPrefix;
	}

	/**
	 * Records a message whose recipient is valid.
	 * @param message the message
	 * @return the outbox entry
	 */
	protected abstract Recorded record(OutboundMessage message);

	/**
	 * Finds what was recorded for a delivery.
	 * @param tenant the tenant
	 * @param deliveryId the delivery
	 * @return the outbox entry, if any
	 */
	protected abstract Optional<? extends Recorded> find(TenantId tenant, UUID deliveryId);

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
	public SendResult send(OutboundMessage message) {
		Optional<String> invalid = validateAddress(message.to());
		if (invalid.isPresent()) {
			return SendResult.failed(message.deliveryId(), "invalid-address", invalid.get(), false);
		}
		return SendResult.accepted(message.deliveryId(), messageId(record(message).id()));
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
		return find(new TenantId(message.tenantId()), message.deliveryId())
			.map((recorded) -> new StatusUpdate(message.deliveryId(), messageId(recorded.id()),
					"delivered".equals(recorded.status()) ? DeliveryStatus.DELIVERED : DeliveryStatus.SENT,
					(recorded.deliveredAt() != null) ? recorded.deliveredAt() : recorded.createdAt(), null, null));
	}

	private String messageId(UUID outboxId) {
		return messageId(this.messageIdPrefix, outboxId);
	}

	/**
	 * The provider message id of an outbox entry (what its receipts report too).
	 * @param prefix the channel's prefix
	 * @param outboxId the entry
	 * @return its message id
	 */
	static String messageId(String prefix, UUID outboxId) {
		return prefix + outboxId.toString().replace("-", "");
	}

	/** What a sandbox outbox keeps of a message. */
	public interface Recorded {

		/**
		 * The outbox entry.
		 * @return its id
		 */
		UUID id();

		/**
		 * {@code sent}, then {@code delivered} once the simulated receipt came.
		 * @return the status
		 */
		String status();

		/**
		 * When it was "sent".
		 * @return the time
		 */
		Instant createdAt();

		/**
		 * When the simulated receipt came.
		 * @return the time, if it came
		 */
		@Nullable Instant deliveredAt();

	}

}
