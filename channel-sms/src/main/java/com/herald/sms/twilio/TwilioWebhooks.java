package com.herald.sms.twilio;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.twilio.security.RequestValidator;
import com.twilio.twiml.MessagingResponse;
import com.twilio.twiml.messaging.Body;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import com.herald.channel.DeliveryStatus;
import com.herald.channel.InboundMessage;
import com.herald.channel.RecipientHistory;
import com.herald.channel.StatusUpdate;
import com.herald.channel.WebhookEvents;
import com.herald.channel.WebhookRejectedException;
import com.herald.channel.WebhookRequest;
import com.herald.consent.Channel;
import com.herald.contact.PhoneNumbers;
import com.herald.sms.SmsAccount;
import com.herald.sms.SmsSettingsService;
import com.herald.sms.SmsSettingsService.NumberOwner;
import com.herald.sms.SmsWebhookUrls;
import com.herald.tenancy.TenantId;

/**
 * Verifies and reads Twilio's webhooks. The tenant comes from the request (the status
 * callback URL names it; an inbound message names the tenant's number), and the request
 * must carry a valid {@code X-Twilio-Signature} made with that tenant's (or the
 * platform's) auth token over the exact public URL: anything else is rejected before
 * Herald acts on it.
 */
@Component
public class TwilioWebhooks {

	private static final String WHATSAPP = PhoneNumbers.WHATSAPP_PREFIX;

	private final SmsSettingsService settings;

	private final ObjectProvider<RecipientHistory> history;

	TwilioWebhooks(SmsSettingsService settings, ObjectProvider<RecipientHistory> history) {
		this.settings = settings;
		this.history = history;
	}

	/**
	 * A verified webhook.
	 *
	 * @param tenant the tenant it is for; null when it is about no tenant Herald has (it
	 * carries no events then)
	 * @param account the tenant's (or store's) account, for replies
	 * @param events what it carried
	 */
	public record Verified(@Nullable TenantId tenant, SmsAccount account, WebhookEvents events) {
	}

	/**
	 * Verifies a status callback or inbound message and reads it.
	 * @throws WebhookRejectedException when the tenant is unknown or the signature does
	 * not verify
	 */
	public Verified verify(WebhookRequest request) {
		String path = pathOf(request.publicUrl());
		Map<String, String> query = queryOf(request.publicUrl());
		boolean status = path.endsWith(SmsWebhookUrls.STATUS_PATH);
		NumberOwner owner = status ? statusOwner(query) : inboundOwner(request);
		if (owner == null) {
			// about a message of the platform's account that no tenant owns (any more):
			// Twilio's, so answered and ignored, once the platform's token verifies it
			SmsAccount platform = this.settings.platformAccount();
			verifySignature(request, platform);
			return new Verified(null, platform, new WebhookEvents(List.of(), List.of(), List.of()));
		}
		SmsAccount account = this.settings.resolve(owner.tenant(), owner.storeId());
		verifySignature(request, account);
		WebhookEvents events = status ? WebhookEvents.of(statusUpdate(request, query))
				: WebhookEvents.of(inbound(request));
		return new Verified(owner.tenant(), account, events);
	}

	private static void verifySignature(WebhookRequest request, SmsAccount account) {
		String signature = request.header("X-Twilio-Signature");
		if (!account.hasCredentials() || signature == null) {
			throw new WebhookRejectedException("Unsigned Twilio webhook");
		}
		Map<String, String> form = new HashMap<>();
		request.parameters().forEach((name, values) -> form.put(name, values.isEmpty() ? "" : values.get(0)));
		if (!new RequestValidator(account.authToken()).validate(request.publicUrl(), form, signature)) {
			throw new WebhookRejectedException("The Twilio signature does not verify");
		}
		String accountSid = request.parameter("AccountSid");
		if (accountSid != null && !accountSid.equals(account.accountSid())) {
			throw new WebhookRejectedException("The webhook is for another Twilio account");
		}
	}

	/** TwiML answering an inbound message with {@code text}, or with nothing. */
	public static String reply(@Nullable String text) {
		MessagingResponse.Builder response = new MessagingResponse.Builder();
		if (text != null) {
			response
				.message(new com.twilio.twiml.messaging.Message.Builder().body(new Body.Builder(text).build()).build());
		}
		return response.build().toXml();
	}

	/** The tenant the callback URL names; null when no such tenant exists. */
	private @Nullable NumberOwner statusOwner(Map<String, String> query) {
		UUID tenant = uuid(query.get("tenant"));
		if (tenant == null) {
			throw new WebhookRejectedException("The status callback names no tenant");
		}
		if (!this.settings.tenantExists(new TenantId(tenant))) {
			return null;
		}
		return new NumberOwner(new TenantId(tenant), uuid(query.get("store")));
	}

	/**
	 * The tenant whose number was written to; for the platform's number, which tenants
	 * share, the tenant that last sent to the person and used that number (null: none).
	 */
	private @Nullable NumberOwner inboundOwner(WebhookRequest request) {
		String to = request.parameter("To");
		String from = request.parameter("From");
		if (to == null || from == null) {
			throw new WebhookRejectedException("The inbound message names no number");
		}
		String number = stripWhatsApp(to);
		Optional<NumberOwner> owner = this.settings.ownerOf(number);
		if (owner.isPresent()) {
			return owner.get();
		}
		Channel channel = from.toLowerCase(Locale.ROOT).startsWith(WHATSAPP) ? Channel.WHATSAPP : Channel.SMS;
		SmsAccount platform = this.settings.platformAccount();
		if (!number.equals((channel == Channel.WHATSAPP) ? platform.whatsappFrom() : platform.from())) {
			throw new WebhookRejectedException("No tenant uses this number");
		}
		RecipientHistory history = this.history.getIfAvailable();
		List<RecipientHistory.Sender> senders = (history != null) ? history.lastSenders(channel, stripWhatsApp(from), 5)
				: List.of();
		for (RecipientHistory.Sender sender : senders) {
			SmsAccount account = this.settings.resolve(sender.tenant(), sender.storeId());
			String sentFrom = (channel == Channel.WHATSAPP) ? account.whatsappFrom()
					: (account.messagingServiceSid() == null) ? account.from() : null;
			if (number.equals(sentFrom)) {
				return new NumberOwner(sender.tenant(), sender.storeId());
			}
		}
		return null;
	}

	private static StatusUpdate statusUpdate(WebhookRequest request, Map<String, String> query) {
		String sid = request.parameter("MessageSid");
		DeliveryStatus status = TwilioStatuses.of(request.parameter("MessageStatus"));
		if (sid == null || status == null) {
			throw new WebhookRejectedException("Not a Twilio status callback");
		}
		String errorCode = request.parameter("ErrorCode");
		return new StatusUpdate(uuid(query.get("delivery")), sid, status, Instant.now(),
				(errorCode == null || errorCode.isBlank()) ? null : errorCode, request.parameter("ErrorMessage"));
	}

	private static InboundMessage inbound(WebhookRequest request) {
		String from = request.parameter("From");
		String to = request.parameter("To");
		String sid = (request.parameter("MessageSid") != null) ? request.parameter("MessageSid")
				: request.parameter("SmsMessageSid");
		if (from == null || to == null || sid == null) {
			throw new WebhookRejectedException("Not a Twilio inbound message");
		}
		Channel channel = from.toLowerCase(Locale.ROOT).startsWith(WHATSAPP) ? Channel.WHATSAPP : Channel.SMS;
		String body = (request.parameter("Body") != null) ? request.parameter("Body") : "";
		return new InboundMessage(channel, stripWhatsApp(from), stripWhatsApp(to), body, sid,
				request.parameter("OptOutType"), Instant.now());
	}

	private static String stripWhatsApp(String address) {
		return PhoneNumbers.withoutWhatsAppPrefix(address);
	}

	private static String pathOf(String url) {
		int start = url.indexOf("://");
		int path = url.indexOf('/', (start < 0) ? 0 : start + 3);
		int query = url.indexOf('?');
		if (path < 0) {
			return "";
		}
		return (query < 0) ? url.substring(path) : url.substring(path, query);
	}

	private static Map<String, String> queryOf(String url) {
		Map<String, String> query = new HashMap<>();
		int start = url.indexOf('?');
		if (start < 0) {
			return query;
		}
		for (String pair : url.substring(start + 1).split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				query.putIfAbsent(
						java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
						java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
			}
		}
		return query;
	}

	private static @Nullable UUID uuid(@Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			throw new WebhookRejectedException("Not an id: the URL was changed");
		}
	}

}
