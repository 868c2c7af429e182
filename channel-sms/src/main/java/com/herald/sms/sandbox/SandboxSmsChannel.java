package com.herald.sms.sandbox;

import java.util.Optional;
import java.util.UUID;

import com.herald.channel.OutboundMessage;
import com.herald.consent.Channel;
import com.herald.sandbox.SandboxChannel;
import com.herald.sms.OutboxMessage;
import com.herald.sms.PhoneAddresses;
import com.herald.sms.SmsAccount;
import com.herald.sms.SmsOutbox;
import com.herald.sms.SmsSettingsService;
import com.herald.tenancy.TenantId;

/**
 * The sandbox provider for SMS or WhatsApp: records each message in the SMS outbox. Used
 * when a tenant has no Twilio account.
 */
public class SandboxSmsChannel extends SandboxChannel {

	/** Starts the message ids it reports. */
	public static final String MESSAGE_ID_PREFIX = "SB";

	/** The sender shown in the outbox when the tenant has not set a number. */
	static final String SANDBOX_SENDER = "sandbox";

	private final Channel channel;

	private final SmsOutbox outbox;

	private final SmsSettingsService settings;

	public SandboxSmsChannel(Channel channel, SmsOutbox outbox, SmsSettingsService settings) {
		super(MESSAGE_ID_PREFIX);
		this.channel = channel;
		this.outbox = outbox;
		this.settings = settings;
	}

	@Override
	public Channel channel() {
		return this.channel;
	}

	@Override
	public Optional<String> validateAddress(String address) {
		return PhoneAddresses.validate(this.channel, address);
	}

	@Override
	protected OutboxMessage record(OutboundMessage message) {
		SmsAccount account = this.settings.resolve(new TenantId(message.tenantId()), message.storeId());
		String from = (this.channel == Channel.WHATSAPP) ? account.whatsappFrom() : account.from();
		return this.outbox.record(message, (from != null) ? from : SANDBOX_SENDER);
	}

	@Override
	protected Optional<OutboxMessage> find(TenantId tenant, UUID deliveryId) {
		return this.outbox.find(tenant, deliveryId);
	}

}
