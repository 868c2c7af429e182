package com.herald.email.smtp;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import com.herald.channel.CommunicationChannel;
import com.herald.channel.DeliveryStatus;
import com.herald.channel.DeliveryStatusSink;
import com.herald.channel.EngagementEvent;
import com.herald.channel.OutboundMessage;
import com.herald.channel.RateLimit;
import com.herald.channel.SendResult;
import com.herald.channel.StatusUpdate;
import com.herald.channel.WebhookEvents;
import com.herald.channel.WebhookRejectedException;
import com.herald.channel.WebhookRequest;
import com.herald.consent.Channel;
import com.herald.email.EmailAddresses;
import com.herald.email.EmailProperties;
import com.herald.email.EmailSender;
import com.herald.email.EmailSenders;
import com.herald.email.ListUnsubscribe;
import com.herald.email.dkim.DkimSigning;
import com.herald.email.dkim.SenderDomainService;
import com.herald.email.tracking.EmailTracking;
import com.herald.tenancy.TenantId;

/**
 * Email over the tenant's (or store's) SMTP server: the sender from {@link EmailSenders},
 * List-Unsubscribe from {@link ListUnsubscribe}, links tracked when the tenant turned
 * tracking on, a DKIM signature when the From domain is a confirmed sender domain, and a
 * pooled connection to the server. A mailbox the server says does not exist is reported
 * as a bounce (the engine suppresses the address).
 */
@Component
class SmtpEmailChannel implements CommunicationChannel {

	static final String PROVIDER = "smtp";

	private final SmtpSettingsService settings;

	private final SmtpConnections connections;

	private final EmailSenders senders;

	private final EmailProperties emailProperties;

	private final SenderDomainService domains;

	private final EmailTracking tracking;

	private final ObjectProvider<DeliveryStatusSink> sinks;

	private final SmtpProperties properties;

	SmtpEmailChannel(SmtpSettingsService settings, SmtpConnections connections, EmailSenders senders,
			EmailProperties emailProperties, SenderDomainService domains, EmailTracking tracking,
			ObjectProvider<DeliveryStatusSink> sinks, SmtpProperties properties) {
		this.settings = settings;
		this.connections = connections;
		this.senders = senders;
		this.emailProperties = emailProperties;
		this.domains = domains;
		this.tracking = tracking;
		this.sinks = sinks;
		this.properties = properties;
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
		return this.settings.resolve(new TenantId(tenantId), storeId).isPresent();
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
		TenantId tenant = new TenantId(message.tenantId());
		Optional<SmtpServer> server = this.settings.resolve(tenant, message.storeId());
		if (server.isEmpty()) {
			return SendResult.retry(message.deliveryId(), "not-configured", "No SMTP server is set up", null);
		}
		MimeMessage mime;
		try {
			mime = compose(tenant, message);
		}
		catch (MessagingException | IllegalStateException ex) {
			return SendResult.failed(message.deliveryId(), "invalid-message",
					"The message could not be built: " + ex.getMessage(), false);
		}
		try {
			this.connections.send(server.get(), mime, new Address[] { new InternetAddress(message.to()) });
			return SendResult.accepted(message.deliveryId(), messageId(mime));
		}
		catch (SmtpFailure failure) {
			if (failure.unknownRecipient()) {
				this.sinks.orderedStream()
					.forEach((sink) -> sink.apply(PROVIDER, List.of(),
							List.of(new EngagementEvent(message.deliveryId(), null, EngagementEvent.Type.BOUNCED,
									Instant.now(), "smtp-" + failure.replyCode() + " unknown recipient"))));
			}
			return failure.toResult(message.deliveryId());
		}
		catch (MessagingException ex) {
			return SendResult.failed(message.deliveryId(), "invalid-address", "Not an email address", false);
		}
	}

	private MimeMessage compose(TenantId tenant, OutboundMessage message) throws MessagingException {
		EmailSender sender = this.senders.resolve(tenant, message.storeId());
		String html = message.content().html();
		if (html != null && this.tracking.enabled(tenant)) {
			html = this.tracking.rewrite(html, message.deliveryId(), message.metadata().get(ListUnsubscribe.URL_KEY));
		}
		String subject = message.content().subject();
		MimeMessage mime = SmtpMessages
			.compose(new SmtpMessages.Draft(message.deliveryId(), sender.fromAddress(), sender.fromName(),
					sender.replyTo(), message.to(), (subject != null) ? subject : "", message.content().text(), html,
					ListUnsubscribe.headers(message, this.emailProperties.unsubscribeMailto())));
		String domain = SmtpMessages.domainOf(new InternetAddress(sender.fromAddress()));
		return this.domains.signingKey(tenant, domain).map((key) -> sign(mime, key)).orElse(mime);
	}

	private static MimeMessage sign(MimeMessage mime, com.herald.email.dkim.DkimKey key) {
		try {
			return DkimSigning.sign(mime, key);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("DKIM signing failed for " + key, ex);
		}
	}

	private static String messageId(MimeMessage mime) {
		try {
			String id = mime.getMessageID();
			return (id != null) ? id.replaceAll("[<>]", "") : "";
		}
		catch (MessagingException ex) {
			return "";
		}
	}

	@Override
	public RateLimit rateLimit(UUID tenantId, @Nullable UUID storeId) {
		return RateLimit.perSecond(this.properties.messagesPerSecond());
	}

	@Override
	public WebhookEvents parseWebhook(WebhookRequest request) {
		throw new WebhookRejectedException("SMTP sends no webhooks");
	}

	/**
	 * SMTP keeps no record Herald could ask: a message whose connection was lost after
	 * DATA was most likely taken by the server (servers accept on the final dot), so it
	 * is reported sent rather than sent again: at most once, never twice.
	 */
	@Override
	public Optional<StatusUpdate> lookup(OutboundMessage message) {
		String from = this.senders.resolve(new TenantId(message.tenantId()), message.storeId()).fromAddress();
		String domain = from.substring(from.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
		return Optional.of(new StatusUpdate(message.deliveryId(), message.deliveryId() + "@" + domain,
				DeliveryStatus.SENT, Instant.now(), "smtp-unknown",
				"The connection was lost after the message went out; taken as sent"));
	}

}
