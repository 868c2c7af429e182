package com.herald.email.sendgrid;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import com.herald.channel.DeliveryStatus;
import com.herald.channel.EngagementEvent;
import com.herald.channel.StatusUpdate;
import com.herald.channel.WebhookEvents;
import com.herald.channel.WebhookRejectedException;
import com.herald.channel.WebhookRequest;
import com.herald.email.EmailProperties;
import com.herald.email.EmailSettingsService;
import com.herald.email.EmailSettingsService.WebhookKey;
import com.herald.preference.PreferenceLinks;
import com.herald.tenancy.TenantId;

/**
 * SendGrid's signed Event Webhook: verifies the ECDSA P-256 signature
 * ({@code X-Twilio-Email-Event-Webhook-Signature}) over the timestamp header followed by
 * the raw body bytes exactly as received, refuses stale timestamps, then maps each event
 * to a delivery status or an engagement event. A tenant's own key verifies only events
 * naming that tenant; the platform's key verifies any.
 */
@Component
public class SendGridEvents {

	public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";

	public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> SUPPRESSING_BOUNCES = Set.of("bounce", "");

	private final EmailSettingsService settings;

	private final EmailProperties properties;

	private final Clock clock;

	private final PreferenceLinks links;

	private final Map<String, Optional<ECPublicKey>> parsedKeys = new ConcurrentHashMap<>();

	SendGridEvents(EmailSettingsService settings, EmailProperties properties, Clock clock, PreferenceLinks links) {
		this.links = links;
		this.settings = settings;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Verifies and maps one webhook call.
	 * @throws WebhookRejectedException when it is unsigned, signed by no known key, or
	 * stale, or not SendGrid's event JSON
	 */
	public WebhookEvents parse(WebhookRequest request) {
		WebhookKey key = verify(request);
		JsonNode events;
		try {
			events = JSON.readTree(request.body());
		}
		catch (JacksonException ex) {
			throw new WebhookRejectedException("The event batch is not JSON");
		}
		if (!events.isArray()) {
			throw new WebhookRejectedException("The event batch is not a JSON array");
		}
		List<StatusUpdate> statuses = new ArrayList<>();
		List<EngagementEvent> engagement = new ArrayList<>();
		for (JsonNode event : events) {
			UUID delivery = uuid(event.path(SendGridEmailChannel.DELIVERY_ARG).asString(""));
			UUID tenant = uuid(event.path(SendGridEmailChannel.TENANT_ARG).asString(""));
			if (delivery == null || (key.tenant() != null && !key.tenant().value().equals(tenant))) {
				// not Herald's, or another tenant's: a tenant's key speaks only for its
				// tenant
				continue;
			}
			map(event, delivery, statuses, engagement);
		}
		return new WebhookEvents(statuses, engagement, List.of());
	}

	private WebhookKey verify(WebhookRequest request) {
		String signature = request.header(SIGNATURE_HEADER);
		String timestamp = request.header(TIMESTAMP_HEADER);
		if (signature == null || timestamp == null) {
			throw new WebhookRejectedException("The event batch is not signed");
		}
		long seconds;
		try {
			seconds = Long.parseLong(timestamp.strip());
		}
		catch (NumberFormatException ex) {
			throw new WebhookRejectedException("The signature timestamp is not a number");
		}
		Duration age = Duration.between(Instant.ofEpochSecond(seconds), this.clock.instant()).abs();
		if (age.compareTo(this.properties.sendgrid().webhookTolerance()) > 0) {
			throw new WebhookRejectedException("The signature timestamp is too old or in the future");
		}
		byte[] signatureBytes;
		try {
			signatureBytes = Base64.getDecoder().decode(signature.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new WebhookRejectedException("The signature is not base64");
		}
		byte[] stamp = timestamp.getBytes(StandardCharsets.UTF_8);
		for (WebhookKey key : this.settings.webhookKeys()) {
			Optional<ECPublicKey> publicKey = this.parsedKeys.computeIfAbsent(key.key(), EventWebhookKeys::parse);
			if (publicKey.isPresent() && verifies(publicKey.get(), stamp, request.body(), signatureBytes)) {
				return key;
			}
		}
		throw new WebhookRejectedException("The signature does not verify with any SendGrid key Herald knows");
	}

	private static boolean verifies(ECPublicKey key, byte[] timestamp, byte[] body, byte[] signature) {
		try {
			Signature verifier = Signature.getInstance("SHA256withECDSA");
			verifier.initVerify(key);
			verifier.update(timestamp);
			verifier.update(body);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private void map(JsonNode event, UUID delivery, List<StatusUpdate> statuses, List<EngagementEvent> engagement) {
		String type = event.path("event").asString("");
		Instant at = Instant.ofEpochSecond(event.path("timestamp").asLong(0));
		String messageId = messageId(event.path("sg_message_id").asString(""));
		String reason = detail(event.path("reason").asString(event.path("response").asString("")));
		switch (type) {
			case "processed" ->
				statuses.add(new StatusUpdate(delivery, messageId, DeliveryStatus.SENT, at, null, null));
			// still trying: proves SendGrid has it (resolves a held send), nothing more
			case "deferred" -> statuses.add(new StatusUpdate(delivery, messageId, DeliveryStatus.SENT, at, null, null));
			case "delivered" ->
				statuses.add(new StatusUpdate(delivery, messageId, DeliveryStatus.DELIVERED, at, null, null));
			case "bounce" -> {
				String bounceType = event.path("type").asString("");
				statuses.add(new StatusUpdate(delivery, messageId, DeliveryStatus.UNDELIVERED, at,
						"bounce".equals(bounceType) || bounceType.isEmpty() ? "bounce" : bounceType, reason));
				if (SUPPRESSING_BOUNCES.contains(bounceType)) {
					engagement.add(new EngagementEvent(delivery, messageId, EngagementEvent.Type.BOUNCED, at, reason));
				}
			}
			case "dropped" -> {
				statuses.add(new StatusUpdate(delivery, messageId, DeliveryStatus.FAILED, at, "dropped", reason));
				EngagementEvent.Type because = droppedBecause(reason);
				if (because != null) {
					engagement.add(new EngagementEvent(delivery, messageId, because, at, reason));
				}
			}
			case "open" ->
				engagement.add(new EngagementEvent(delivery, messageId, EngagementEvent.Type.OPENED, at, null));
			case "click" -> {
				// SendGrid's click tracking may have wrapped the unsubscribe and
				// preference
				// links too: following those is no interest in the message
				String url = event.path("url").asString("");
				if (!this.links.isRecipientLink(url)) {
					engagement
						.add(new EngagementEvent(delivery, messageId, EngagementEvent.Type.CLICKED, at, detail(url)));
				}
			}
			case "spamreport" ->
				engagement.add(new EngagementEvent(delivery, messageId, EngagementEvent.Type.COMPLAINED, at, null));
			case "unsubscribe", "group_unsubscribe" ->
				engagement.add(new EngagementEvent(delivery, messageId, EngagementEvent.Type.UNSUBSCRIBED, at, null));
			default -> {
				// group_resubscribe and future kinds: nothing to record
			}
		}
	}

	/** SendGrid drops mail to addresses on its own lists; Herald mirrors why. */
	private static EngagementEvent.@Nullable Type droppedBecause(@Nullable String reason) {
		if (reason == null) {
			return null;
		}
		if (reason.contains("Bounced Address")) {
			return EngagementEvent.Type.BOUNCED;
		}
		if (reason.contains("Spam Reporting Address")) {
			return EngagementEvent.Type.COMPLAINED;
		}
		if (reason.contains("Unsubscribed Address")) {
			return EngagementEvent.Type.UNSUBSCRIBED;
		}
		return null;
	}

	/**
	 * SendGrid's message id is the part of {@code sg_message_id} before the first dot.
	 */
	private static String messageId(String sgMessageId) {
		int dot = sgMessageId.indexOf('.');
		return (dot > 0) ? sgMessageId.substring(0, dot) : sgMessageId;
	}

	private static @Nullable String detail(String text) {
		if (text.isBlank()) {
			return null;
		}
		return (text.length() > 500) ? text.substring(0, 500) : text;
	}

	private static @Nullable UUID uuid(String text) {
		try {
			return text.isEmpty() ? null : UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
