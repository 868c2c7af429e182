package com.herald.sms.sandbox;

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
import com.herald.sms.OutboxMessage;
import com.herald.sms.PhoneAddresses;
import com.herald.sms.SmsAccount;
import com.herald.sms.SmsOutbox;
import com.herald.sms.SmsSettingsService;
import com.herald.tenancy.TenantId;

/**
 * The sandbox provider for SMS or WhatsApp: records each message in the outbox instead of
 * sending it, and {@link com.herald.sandbox.SandboxReceipts} reports it delivered shortly
 * after. Used when a tenant has no Twilio account, so the embedded start works with no
 * accounts at all.
 */
public class SandboxSmsChannel implements CommunicationChannel {

	/** The sender shown in the outbox when the tenant has not set a number. */
	static final String SANDBOX_SENDER = "sandbox";

	private final Channel channel;

	private final SmsOutbox outbox;

	private final SmsSettingsService settings;

	public SandboxSmsChannel(Channel channel, SmsOutbox outbox, SmsSettingsService settings) {
		this.channel = channel;
		this.outbox = outbox;
		this.settings = settings;
	}

	@Override
	public Channel channel() {
		return this.channel;
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
		return PhoneAddresses.validate(this.channel, address);
	}

	@Override
	public SendResult send(OutboundMessage message) {
		Optional<String> invalid = validateAddress(message.to());
		if (invalid.isPresent()) {
			return SendResult.failed(message.deliveryId(), "invalid-address", invalid.get(), false);
		}
		SmsAccount account = this.settings.resolve(new TenantId(message.tenantId()), message.storeId());
		String from = (this.channel == Channel.WHATSAPP) ? account.whatsappFrom() : account.from();
		OutboxMessage recorded = this.outbox.record(message, (from != null) ? from : SANDBOX_SENDER);
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
		return "SB" + outboxId.toString().replace("-", "");
	}

}
