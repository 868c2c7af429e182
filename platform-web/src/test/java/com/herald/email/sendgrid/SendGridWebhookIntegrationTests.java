package com.herald.email.sendgrid;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.channel.ChannelRegistry;
import com.herald.channel.DeliveryStatus;
import com.herald.channel.EngagementEvent;
import com.herald.channel.StatusUpdate;
import com.herald.channel.WebhookEvents;
import com.herald.channel.WebhookRejectedException;
import com.herald.channel.WebhookRequest;
import com.herald.consent.Channel;
import com.herald.contact.ContactId;
import com.herald.email.EmailSettingsChange;
import com.herald.email.EmailSettingsService;
import com.herald.email.EmailTestKeys;
import com.herald.preference.PreferenceLinks;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * SendGrid's signed Event Webhook: the ECDSA signature over the timestamp and the raw
 * body bytes decides; a tampered body, another key, a stale timestamp or no signature
 * gets 403; every event kind maps to a delivery status or engagement event, and a
 * tenant's key speaks only for its own tenant's events.
 */
@HeraldWebTest
class SendGridWebhookIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EmailSettingsService settings;

	@Autowired
	ChannelRegistry registry;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	PreferenceLinks links;

	private TwoTenants.TenantFixture tenant;

	private KeyPair keys;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void tenantWithASignedEventWebhook() {
		this.tenant = this.tenancy.tenant();
		this.keys = EmailTestKeys.webhookKeys();
		this.settings.save(this.tenant.admin(this.accounts), null, new EmailSettingsChange("Acme", "news@acme.example",
				null, "sendgrid", null, EmailTestKeys.apiKey(), false, EmailTestKeys.publicKey(this.keys)));
	}

	@Test
	void acceptsABatchSignedOverItsExactBytes() throws Exception {
		// non-ASCII and unusual spacing: any re-encoding before the check would break it
		String body = "[ {\"email\":\"zoë@example.com\",  \"event\":\"delivered\",\"timestamp\":1765000000,"
				+ "\"sg_message_id\":\"msg1.filter0001\",\"herald_delivery_id\":\"" + UUID.randomUUID()
				+ "\",\"herald_tenant_id\":\"" + this.tenant.id().value() + "\",\"note\":\"café ☕\"}\n]";
		String timestamp = String.valueOf(Instant.now().getEpochSecond());

		HttpResponse<String> response = post(body.getBytes(StandardCharsets.UTF_8), timestamp,
				sign(this.keys, timestamp, body.getBytes(StandardCharsets.UTF_8)));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
	}

	@Test
	void refusesATamperedBodyAnotherKeyAStaleTimestampAndNoSignature() throws Exception {
		byte[] body = events(event("delivered", UUID.randomUUID(), Map.of())).getBytes(StandardCharsets.UTF_8);
		String now = String.valueOf(Instant.now().getEpochSecond());
		String signature = sign(this.keys, now, body);
		byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("delivered", "bounce")
			.getBytes(StandardCharsets.UTF_8);
		String stale = String.valueOf(Instant.now().minusSeconds(3600).getEpochSecond());

		assertThat(post(body, now, signature).statusCode()).isEqualTo(204);
		assertThat(post(tampered, now, signature).statusCode()).as("tampered body").isEqualTo(403);
		assertThat(post(body, now, sign(EmailTestKeys.webhookKeys(), now, body)).statusCode()).as("another key")
			.isEqualTo(403);
		assertThat(post(body, stale, sign(this.keys, stale, body)).statusCode()).as("stale timestamp").isEqualTo(403);
		assertThat(post(body, null, null).statusCode()).as("unsigned").isEqualTo(403);
	}

	@Test
	void mapsEveryEventKindToAStatusOrEngagement() throws GeneralSecurityException {
		UUID delivery = UUID.randomUUID();
		String body = events(event("processed", delivery, Map.of()), event("deferred", delivery, Map.of()),
				event("delivered", delivery, Map.of()),
				event("bounce", delivery, Map.of("type", "bounce", "reason", "550 5.1.1 no such user")),
				event("bounce", delivery, Map.of("type", "blocked", "reason", "421 try later")),
				event("dropped", delivery, Map.of("reason", "Unsubscribed Address")),
				event("dropped", delivery, Map.of("reason", "Bounced Address")), event("open", delivery, Map.of()),
				event("click", delivery, Map.of("url", "https://shop.example/sale")),
				event("spamreport", delivery, Map.of()), event("unsubscribe", delivery, Map.of()),
				event("group_unsubscribe", delivery, Map.of()), event("group_resubscribe", delivery, Map.of()));

		WebhookEvents events = parse(body);

		assertThat(events.statuses()).extracting(StatusUpdate::status)
			.containsExactly(DeliveryStatus.SENT, DeliveryStatus.SENT, DeliveryStatus.DELIVERED,
					DeliveryStatus.UNDELIVERED, DeliveryStatus.UNDELIVERED, DeliveryStatus.FAILED,
					DeliveryStatus.FAILED);
		assertThat(events.statuses()).allSatisfy((status) -> {
			assertThat(status.deliveryId()).isEqualTo(delivery);
			assertThat(status.providerMessageId()).isEqualTo("msg-" + delivery.toString().substring(0, 8));
		});
		assertThat(events.statuses().get(3).errorMessage()).isEqualTo("550 5.1.1 no such user");
		assertThat(events.engagement()).extracting(EngagementEvent::type)
			.as("a hard bounce suppresses, a block does not")
			.containsExactly(EngagementEvent.Type.BOUNCED, EngagementEvent.Type.UNSUBSCRIBED,
					EngagementEvent.Type.BOUNCED, EngagementEvent.Type.OPENED, EngagementEvent.Type.CLICKED,
					EngagementEvent.Type.COMPLAINED, EngagementEvent.Type.UNSUBSCRIBED,
					EngagementEvent.Type.UNSUBSCRIBED);
		assertThat(events.engagement().get(4).detail()).isEqualTo("https://shop.example/sale");
	}

	@Test // #5
	void aClickOnAnUnsubscribeOrPreferenceLinkIsNoClick() throws GeneralSecurityException {
		UUID delivery = UUID.randomUUID();
		ContactId contact = new ContactId(UUID.randomUUID());
		String unsubscribe = this.links.unsubscribe(this.tenant.id(), contact, Channel.EMAIL, delivery);
		String preferences = this.links.preferences(this.tenant.id(), contact);

		WebhookEvents events = parse(events(event("click", delivery, Map.of("url", unsubscribe)),
				event("click", delivery, Map.of("url", preferences)), event("open", delivery, Map.of()),
				event("click", delivery, Map.of("url", "https://shop.example/new"))));

		assertThat(events.engagement()).extracting(EngagementEvent::type, EngagementEvent::detail)
			.containsExactly(tuple(EngagementEvent.Type.OPENED, null),
					tuple(EngagementEvent.Type.CLICKED, "https://shop.example/new"));
	}

	@Test
	void aTenantsKeySpeaksOnlyForThatTenantsEvents() throws GeneralSecurityException {
		TwoTenants.TenantFixture other = this.tenancy.tenant();
		UUID own = UUID.randomUUID();
		UUID theirs = UUID.randomUUID();
		String body = events(event("delivered", own, Map.of()),
				event("delivered", theirs, Map.of()).replace(this.tenant.id().value().toString(),
						other.id().value().toString()),
				"{\"event\":\"delivered\",\"email\":\"a@example.com\",\"timestamp\":1765000000}");

		WebhookEvents events = parse(body);

		assertThat(events.statuses()).extracting(StatusUpdate::deliveryId).containsExactly(own);
	}

	@Test
	void theSandboxTakesNoWebhooks() {
		assertThatThrownBy(() -> this.registry.byProvider(Channel.EMAIL, "sandbox")
			.orElseThrow()
			.parseWebhook(new WebhookRequest("https://x", Map.of(), Map.of(), new byte[0])))
			.isInstanceOf(WebhookRejectedException.class);
	}

	private WebhookEvents parse(String body) throws GeneralSecurityException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		String timestamp = String.valueOf(Instant.now().getEpochSecond());
		Map<String, List<String>> headers = Map.of("x-twilio-email-event-webhook-signature",
				List.of(sign(this.keys, timestamp, bytes)), "x-twilio-email-event-webhook-timestamp",
				List.of(timestamp));
		return this.registry.byProvider(Channel.EMAIL, "sendgrid")
			.orElseThrow()
			.parseWebhook(new WebhookRequest("http://localhost/webhooks/sendgrid/events", headers, Map.of(), bytes));
	}

	private String event(String kind, UUID delivery, Map<String, String> extra) {
		StringBuilder json = new StringBuilder("{\"email\":\"ann@example.com\",\"event\":\"").append(kind)
			.append("\",\"timestamp\":1765000000,\"sg_event_id\":\"")
			.append(UUID.randomUUID())
			.append("\",\"sg_message_id\":\"msg-")
			.append(delivery.toString(), 0, 8)
			.append(".filterdrecv-1\",\"herald_delivery_id\":\"")
			.append(delivery)
			.append("\",\"herald_tenant_id\":\"")
			.append(this.tenant.id().value())
			.append('"');
		extra.forEach((name, value) -> json.append(",\"").append(name).append("\":\"").append(value).append('"'));
		return json.append('}').toString();
	}

	private static String events(String... events) {
		return "[" + String.join(",", events) + "]";
	}

	private HttpResponse<String> post(byte[] body, String timestamp, String signature) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/webhooks/sendgrid/events"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (timestamp != null) {
			request.header("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
		}
		if (signature != null) {
			request.header("X-Twilio-Email-Event-Webhook-Signature", signature);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** What SendGrid sends: base64 of the DER ECDSA signature over timestamp + body. */
	static String sign(KeyPair keys, String timestamp, byte[] body) throws GeneralSecurityException {
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(keys.getPrivate());
		signer.update(timestamp.getBytes(StandardCharsets.UTF_8));
		signer.update(body);
		return Base64.getEncoder().encodeToString(signer.sign());
	}

}
