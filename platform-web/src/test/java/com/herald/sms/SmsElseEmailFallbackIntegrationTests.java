package com.herald.sms;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.broadcast.ChannelMode;
import com.herald.broadcast.Schedule;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.delivery.BroadcastStats;
import com.herald.email.EmailSettingsChange;
import com.herald.email.EmailSettingsService;
import com.herald.email.smtp.SmtpSettingsChange;
import com.herald.email.smtp.SmtpSettingsService;
import com.herald.support.ApiClient;
import com.herald.support.HeraldWebTest;
import com.herald.support.StandIns;
import com.herald.support.WebSession;
import com.herald.template.EmailContent;
import com.herald.tenancy.Actor;
import com.herald.tenancy.ApiKeyService;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "SMS, else email" at run time, end to end: Twilio (the local stand-in) refuses one
 * number for good (21211) and later reports another message undelivered through its
 * signed status callback, twice at once; each of those recipients then gets the email
 * (through a real SMTP server), once. A number that fails for good with no email consent
 * falls back to nothing, a delivered SMS needs nothing more, and the counters add up on
 * the broadcast, per channel, in the REST API and on the tracking page.
 */
@HeraldWebTest
class SmsElseEmailFallbackIntegrationTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	ApiKeyService apiKeys;

	@Autowired
	SmsSettingsService smsSettings;

	@Autowired
	EmailSettingsService emailSettings;

	@Autowired
	SmtpSettingsService smtpSettings;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TenantTransactions transactions;

	@Test // #5
	void aPermanentSmsFailureOrAnUndeliveredReceiptMovesTheRecipientToEmailOnce() throws Exception {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		this.fixtures.noQuietHours(tenant.id());
		TwilioTestAccounts.Account twilio = TwilioTestAccounts.configure(this.smsSettings, admin, "Reply STOP");
		String domain = "fallback-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
		this.emailSettings.save(admin, null,
				new EmailSettingsChange("Acme", "news@" + domain, null, "smtp", null, null, false, null));
		this.smtpSettings.save(admin, null, new SmtpSettingsChange("127.0.0.1",
				String.valueOf(greenMail.getSmtp().getPort()), "none", null, null, false));
		String tag = BroadcastFixtures.tag();
		Contact invalid = person(admin, tag, "Ina", true);
		Contact undelivered = person(admin, tag, "Una", true);
		Contact delivered = person(admin, tag, "Dee", true);
		Contact smsOnly = person(admin, tag, "Sol", false);
		twilioAnswers(twilio, invalid, null);
		twilioAnswers(twilio, smsOnly, null);
		String undeliveredSid = twilioAnswers(twilio, undelivered, "SM" + hex());
		twilioAnswers(twilio, delivered, "SM" + hex());

		Broadcast broadcast = this.broadcasts.create(admin,
				new BroadcastDraft("Fallback " + tag, null, List.of(Channel.SMS, Channel.EMAIL), ChannelMode.FALLBACK,
						BroadcastFixtures.tagged(tag), null, "Hi {{ contact.first_name }}, sale today", "promotional",
						Schedule.NOW, 0),
				new EmailContent("{{ contact.first_name }}, our sale", null, "<p>Sale today</p>"));
		this.broadcasts.schedule(admin, broadcast.id());
		await("the SMS round", () -> status(admin, broadcast) == BroadcastStatus.COMPLETED);

		assertThat(deliveries(tenant, broadcast)).containsExactlyInAnyOrder("Ina:sms:0:failed:21211",
				"Ina:email:1:sent:", "Una:sms:0:sent:", "Dee:sms:0:sent:", "Sol:sms:0:failed:21211");
		assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();

		// Twilio reports the message undelivered, twice at once (a retried callback)
		UUID undeliveredSms = delivery(tenant, broadcast, undelivered, Channel.SMS);
		List<CompletableFuture<HttpResponse<String>>> callbacks = List.of(
				statusCallback(twilio, tenant, undeliveredSms, undeliveredSid, "undelivered"),
				statusCallback(twilio, tenant, undeliveredSms, undeliveredSid, "failed"));
		for (CompletableFuture<HttpResponse<String>> callback : callbacks) {
			assertThat(callback.get().statusCode()).isEqualTo(204);
		}
		await("the fallback email", () -> greenMail.getReceivedMessages().length == 2
				&& status(admin, broadcast) == BroadcastStatus.COMPLETED);
		statusCallback(twilio, tenant, delivery(tenant, broadcast, delivered, Channel.SMS), "SMdelivered", "delivered")
			.get();

		assertThat(deliveries(tenant, broadcast)).containsExactlyInAnyOrder("Ina:sms:0:failed:21211",
				"Ina:email:1:sent:", "Una:sms:0:undelivered:30003", "Una:email:1:sent:", "Dee:sms:0:delivered:",
				"Sol:sms:0:failed:21211");
		assertThat(List.of(greenMail.getReceivedMessages()).stream().map(SmsElseEmailFallbackIntegrationTests::to))
			.containsExactlyInAnyOrder(invalid.getEmail(), undelivered.getEmail());
		assertThat(greenMail.getReceivedMessages()[0].getSubject()).endsWith(", our sale");

		BroadcastStats stats = this.broadcasts.stats(admin, broadcast.id());
		assertThat(stats.total()).isEqualTo(6);
		assertThat(stats.sent()).isEqualTo(4);
		assertThat(stats.failed()).isEqualTo(2);
		assertThat(stats.sent() + stats.failed() + stats.skipped()).isEqualTo(stats.total());

		ApiClient api = ApiClient.bearer(this.port, this.apiKeys.create(admin, "fallback", Role.TENANT_ADMIN).key());
		ApiClient.ApiResponse perChannel = api.get("/api/v1/broadcasts/" + broadcast.id() + "/channel-stats");
		assertThat(perChannel.status()).isEqualTo(200);
		Map<String, String> counts = new LinkedHashMap<>();
		for (JsonNode channel : perChannel.json()) {
			counts.put(channel.path("channel").asString(),
					"total=%d sent=%d failed=%d undelivered=%d fellBack=%d fallbacks=%d".formatted(
							channel.path("total").asLong(), channel.path("sent").asLong(),
							channel.path("failed").asLong(), channel.path("undelivered").asLong(),
							channel.path("fellBack").asLong(), channel.path("fallbacks").asLong()));
		}
		assertThat(counts).containsExactly(
				Map.entry("sms", "total=4 sent=2 failed=2 undelivered=1 fellBack=2 fallbacks=0"),
				Map.entry("email", "total=2 sent=2 failed=0 undelivered=0 fellBack=0 fallbacks=2"));

		String page = WebSession.signedIn(this.port, tenant.adminEmail(), TwoTenants.PASSWORD)
			.get("/broadcasts/" + broadcast.id())
			.body();
		assertThat(page).contains("(fell back to Email: 2)").contains("(2 moved on to a later channel)");
	}

	private Contact person(Actor admin, String tag, String name, boolean emailConsent) {
		Contact contact = this.contacts.create(admin,
				ContactFixtures.person()
					.firstName(name)
					.phone(ContactFixtures.usPhone())
					.timezone("America/New_York")
					.tag(tag)
					.build());
		this.consent.record(admin, contact.getId(), Channel.SMS, ConsentStatus.OPTED_IN, ConsentSource.FORM, "Text me",
				"192.0.2.1", null);
		if (emailConsent) {
			this.consent.record(admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM,
					"Email me", "192.0.2.1", null);
		}
		return contact;
	}

	/**
	 * Twilio's answer to a message to the contact: created with the SID, or refused for
	 * good as an invalid number (21211) when the SID is null.
	 * @return the SID
	 */
	private static String twilioAnswers(TwilioTestAccounts.Account account, Contact contact, String sid) {
		StandIns.TWILIO.stubFor(post(urlPathEqualTo(account.messagesPath()))
			.withRequestBody(containing("To=" + URLEncoder.encode(contact.getPhone(), StandardCharsets.UTF_8)))
			.willReturn((sid == null)
					? aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
							{"code": 21211, "message": "The 'To' number is not a valid phone number.",
							 "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""")
					: aResponse().withStatus(201)
						.withHeader("Content-Type", "application/json")
						.withBody(TwilioTestAccounts.messageJson(account.sid(), sid, "queued", contact.getPhone(),
								"x"))));
		return sid;
	}

	/** A status callback as Twilio signs and posts it, sent without waiting. */
	private CompletableFuture<HttpResponse<String>> statusCallback(TwilioTestAccounts.Account account,
			TwoTenants.TenantFixture tenant, UUID delivery, String sid, String status) {
		String url = StandIns.TWILIO_WEBHOOK_BASE + "/webhooks/twilio/status?tenant=" + tenant.id().value()
				+ "&delivery=" + delivery;
		Map<String, String> form = new LinkedHashMap<>();
		form.put("AccountSid", account.sid());
		form.put("MessageSid", sid);
		form.put("MessageStatus", status);
		form.put("From", account.from());
		form.put("To", "+15005550006");
		form.put("ApiVersion", "2010-04-01");
		if (!"delivered".equals(status)) {
			form.put("ErrorCode", "30003");
		}
		String body = form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return HttpClient.newHttpClient()
			.sendAsync(HttpRequest
				.newBuilder(URI.create(url.replace(StandIns.TWILIO_WEBHOOK_BASE, "http://localhost:" + this.port)))
				.header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
				.header("X-Twilio-Signature", TwilioTestAccounts.sign(account.token(), url, form))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private BroadcastStatus status(Actor admin, Broadcast broadcast) {
		return this.broadcasts.get(admin, broadcast.id()).status();
	}

	/** Each delivery as "first name:channel:step:status:error code". */
	private List<String> deliveries(TwoTenants.TenantFixture tenant, Broadcast broadcast) {
		return this.transactions.readInTenant(tenant.id(),
				() -> this.jdbc.sql("""
						SELECT c.first_name || ':' || d.channel || ':' || d.step || ':' || d.status || ':'
						       || coalesce(d.error_code, '')
						FROM deliveries d JOIN contacts c ON c.tenant_id = d.tenant_id AND c.id = d.contact_id
						WHERE d.tenant_id = ? AND d.broadcast_id = ?""")
					.params(tenant.id().value(), broadcast.id())
					.query(String.class)
					.list());
	}

	private UUID delivery(TwoTenants.TenantFixture tenant, Broadcast broadcast, Contact contact, Channel channel) {
		return this.transactions.readInTenant(tenant.id(), () -> this.jdbc
			.sql("""
					SELECT id FROM deliveries WHERE tenant_id = ? AND broadcast_id = ? AND contact_id = ? AND channel = ?""")
			.params(tenant.id().value(), broadcast.id(), contact.getId().value(), channel.key())
			.query(UUID.class)
			.single());
	}

	private static String to(MimeMessage message) {
		try {
			return message.getAllRecipients()[0].toString();
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String hex() {
		return UUID.randomUUID().toString().replace("-", "");
	}

}
