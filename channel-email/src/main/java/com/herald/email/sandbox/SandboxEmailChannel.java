package com.herald.email.sandbox;

import java.util.Optional;
import java.util.UUID;

import com.herald.channel.OutboundMessage;
import com.herald.consent.Channel;
import com.herald.email.EmailAddresses;
import com.herald.email.EmailOutbox;
import com.herald.email.EmailProperties;
import com.herald.email.EmailSenders;
import com.herald.email.ListUnsubscribe;
import com.herald.email.OutboxEmail;
import com.herald.sandbox.SandboxChannel;
import com.herald.tenancy.TenantId;

/**
 * The sandbox email provider: records each email, as it would have gone out (sender,
 * subject, HTML and text parts, List-Unsubscribe), in the email outbox. Used when a
 * tenant has no email provider.
 */
public class SandboxEmailChannel extends SandboxChannel {

	/** Starts the message ids it reports. */
	public static final String MESSAGE_ID_PREFIX = "SBE";

	private final EmailOutbox outbox;

	private final EmailSenders senders;

	private final EmailProperties properties;

	public SandboxEmailChannel(EmailOutbox outbox, EmailSenders senders, EmailProperties properties) {
		super(MESSAGE_ID_PREFIX);
		this.outbox = outbox;
		this.senders = senders;
		this.properties = properties;
	}

	@Override
	public Channel channel() {
		return Channel.EMAIL;
	}

	@Override
	public Optional<String> validateAddress(String address) {
		return EmailAddresses.validate(address);
	}

	@Override
	protected OutboxEmail record(OutboundMessage message) {
		String listUnsubscribe = ListUnsubscribe.headers(message, this.properties.unsubscribeMailto())
			.get(ListUnsubscribe.HEADER);
		return this.outbox.record(message, this.senders.resolve(message.tenantId(), message.storeId()),
				listUnsubscribe);
	}

	@Override
	protected Optional<OutboxEmail> find(TenantId tenant, UUID deliveryId) {
		return this.outbox.find(tenant, deliveryId);
	}

}
