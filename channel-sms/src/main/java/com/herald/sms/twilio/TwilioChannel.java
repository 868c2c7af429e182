package com.herald.sms.twilio;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import com.twilio.base.ResourceSet;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import org.jspecify.annotations.Nullable;

import com.herald.channel.CommunicationChannel;
import com.herald.channel.DeliveryStatus;
import com.herald.channel.OutboundMessage;
import com.herald.channel.RateLimit;
import com.herald.channel.SendResult;
import com.herald.channel.StatusUpdate;
import com.herald.channel.WebhookEvents;
import com.herald.channel.WebhookRequest;
import com.herald.consent.Channel;
import com.herald.contact.PhoneNumbers;
import com.herald.sms.PhoneAddresses;
import com.herald.sms.SmsAccount;
import com.herald.sms.SmsSettingsService;
import com.herald.sms.SmsStatuses;
import com.herald.sms.SmsWebhookUrls;
import com.herald.tenancy.TenantId;

/**
 * Twilio's Programmable Messaging as a channel: SMS, or WhatsApp ({@code whatsapp:}
 * addresses) as a second bean on the same provider. Each message goes with the account
 * and sender of its tenant or store (or the platform's), and a status callback naming
 * Herald's delivery id.
 */
public class TwilioChannel implements CommunicationChannel {

	private final Channel channel;

	private final SmsSettingsService settings;

	private final TwilioClients clients;

	private final SmsWebhookUrls urls;

	private final SmsStatuses statuses;

	private final TwilioWebhooks webhooks;

	TwilioChannel(Channel channel, SmsSettingsService settings, TwilioClients clients, SmsWebhookUrls urls,
			SmsStatuses statuses, TwilioWebhooks webhooks) {
		this.channel = channel;
		this.settings = settings;
		this.clients = clients;
		this.urls = urls;
		this.statuses = statuses;
		this.webhooks = webhooks;
	}

	@Override
	public Channel channel() {
		return this.channel;
	}

	@Override
	public String provider() {
		return "twilio";
	}

	@Override
	public boolean configuredFor(UUID tenantId, @Nullable UUID storeId) {
		return this.settings.resolve(new TenantId(tenantId), storeId).canSend(this.channel);
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
		if (!account.canSend(this.channel)) {
			return SendResult.retry(message.deliveryId(), "not-configured",
					"No Twilio account or sender is set up for " + this.channel.key(), null);
		}
		try {
			Message sent = creator(message, account).create(this.clients.forAccount(account));
			return SendResult.accepted(message.deliveryId(), sent.getSid());
		}
		catch (ApiException ex) {
			return TwilioErrors.of(message.deliveryId(), ex);
		}
		catch (ApiConnectionException ex) {
			return TwilioErrors.of(message.deliveryId(), ex);
		}
		catch (TwilioException ex) {
			// the request went out but the answer could not be read
			return SendResult.unknown(message.deliveryId(), "Twilio's answer could not be read");
		}
	}

	private MessageCreator creator(OutboundMessage message, SmsAccount account) {
		PhoneNumber to = wire(message.to());
		String body = message.content().text();
		MessageCreator creator;
		if (this.channel == Channel.WHATSAPP) {
			creator = Message.creator(to, wire(java.util.Objects.requireNonNull(account.whatsappFrom())), body);
		}
		else if (account.messagingServiceSid() != null) {
			creator = Message.creator(to, account.messagingServiceSid(), body);
		}
		else {
			creator = Message.creator(to, new PhoneNumber(java.util.Objects.requireNonNull(account.from())), body);
		}
		return creator.setStatusCallback(
				URI.create(this.urls.statusCallback(message.tenantId(), message.storeId(), message.deliveryId())));
	}

	/**
	 * A number as Twilio wants it on this channel: E.164 for SMS, {@code whatsapp:} and
	 * E.164 for WhatsApp (Herald's own addresses never carry the prefix).
	 */
	private PhoneNumber wire(String address) {
		String number = PhoneAddresses.number(this.channel, address);
		return new PhoneNumber((this.channel == Channel.WHATSAPP) ? PhoneNumbers.WHATSAPP_PREFIX + number : number);
	}

	/**
	 * The number, Messaging Service or WhatsApp sender the tenant's (or store's) messages
	 * go from.
	 */
	@Override
	public String sender(UUID tenantId, @Nullable UUID storeId) {
		return this.settings.resolve(new TenantId(tenantId), storeId).sender(this.channel);
	}

	/** That sender's rate: set beside it, else the tenant's, else the platform's. */
	@Override
	public RateLimit rateLimit(UUID tenantId, @Nullable UUID storeId) {
		return RateLimit.perSecond(this.settings.resolve(new TenantId(tenantId), storeId).perSecond(this.channel));
	}

	@Override
	public WebhookEvents parseWebhook(WebhookRequest request) {
		return this.webhooks.verify(request).events();
	}

	/**
	 * What became of a message whose send outcome was unknown: the status callbacks that
	 * named its delivery id, else Twilio's newest messages to the recipient with the same
	 * text. Empty when Twilio has no such message, so sending it again is safe.
	 */
	@Override
	public Optional<StatusUpdate> lookup(OutboundMessage message) {
		TenantId tenant = new TenantId(message.tenantId());
		Optional<StatusUpdate> reported = this.statuses.forDelivery(tenant, message.deliveryId());
		SmsAccount account = this.settings.resolve(tenant, message.storeId());
		if (!account.hasCredentials()) {
			return reported;
		}
		TwilioRestClient client = this.clients.forAccount(account);
		if (reported.isPresent()) {
			return fetch(client, reported.get().providerMessageId(), message.deliveryId()).or(() -> reported);
		}
		ResourceSet<Message> recent = Message.reader().setTo(wire(message.to())).limit(50).read(client);
		for (Message candidate : recent) {
			if (message.content().text().equals(candidate.getBody())) {
				return Optional.of(update(candidate, message.deliveryId()));
			}
		}
		return Optional.empty();
	}

	/** Twilio's current status of one message, by its SID; empty when Twilio has none. */
	private Optional<StatusUpdate> fetch(TwilioRestClient client, String messageSid, UUID deliveryId) {
		try {
			return Optional.of(update(Message.fetcher(messageSid).fetch(client), deliveryId));
		}
		catch (ApiException ex) {
			if (ex.getStatusCode() != null && ex.getStatusCode() == 404) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	private static StatusUpdate update(Message found, UUID deliveryId) {
		DeliveryStatus status = TwilioStatuses.of(found.getStatus().toString());
		return new StatusUpdate(deliveryId, found.getSid(), (status != null) ? status : DeliveryStatus.QUEUED,
				(found.getDateUpdated() != null) ? found.getDateUpdated().toInstant() : java.time.Instant.now(),
				(found.getErrorCode() != null) ? found.getErrorCode().toString() : null, found.getErrorMessage());
	}

}
