package com.herald.sms;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.broadcast.Schedule;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.consent.SuppressionService;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.support.HeraldWebTest;
import com.herald.support.StandIns;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WhatsApp broadcast end to end through Twilio's local stand-in: contacts are stored
 * with plain E.164 phones, and Twilio gets {@code To=whatsapp:+E164} and
 * {@code From=whatsapp:<sender>}; its signed status callbacks update the deliveries; a
 * "STOP" from {@code whatsapp:+E164} opts the contact out of WhatsApp and leaves SMS be.
 */
@HeraldWebTest
class WhatsAppBroadcastIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	SmsSettingsService smsSettings;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	SuppressionService suppressions;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TenantTransactions transactions;

	@Test // #4
	void reachesConsentedContactsOnWhatsAppAndAWhatsAppStopOptsOutOfWhatsAppOnly() throws Exception {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		this.fixtures.noQuietHours(tenant.id());
		TwilioTestAccounts.Account twilio = TwilioTestAccounts.configure(this.smsSettings, admin, "Reply STOP");
		String tag = BroadcastFixtures.tag();
		Contact wanda = person(admin, tag, "Wanda", Channel.WHATSAPP, Channel.SMS);
		Contact walt = person(admin, tag, "Walt", Channel.WHATSAPP);
		person(admin, tag, "Sam", Channel.SMS);
		String wandaSid = twilioAnswers(twilio, wanda);
		String waltSid = twilioAnswers(twilio, walt);

		Broadcast first = launch(admin, tag);

		assertThat(requests(twilio)).containsExactlyInAnyOrder(
				Map.of("To", "whatsapp:" + wanda.getPhone(), "From", "whatsapp:" + twilio.whatsappFrom(), "Body",
						"Hi Wanda"),
				Map.of("To", "whatsapp:" + walt.getPhone(), "From", "whatsapp:" + twilio.whatsappFrom(), "Body",
						"Hi Walt"));
		assertThat(deliveries(tenant, first)).containsExactlyInAnyOrder("Wanda:whatsapp:sent:", "Walt:whatsapp:sent:");

		assertThat(statusCallback(twilio, tenant, delivery(tenant, first, wanda), wandaSid, "read", wanda))
			.isEqualTo(204);
		assertThat(statusCallback(twilio, tenant, delivery(tenant, first, walt), waltSid, "undelivered", walt))
			.isEqualTo(204);
		assertThat(deliveries(tenant, first)).containsExactlyInAnyOrder("Wanda:whatsapp:delivered:",
				"Walt:whatsapp:undelivered:63016");

		assertThat(inbound(twilio, "whatsapp:" + wanda.getPhone(), "whatsapp:" + twilio.whatsappFrom(), " Stop "))
			.isEqualTo(200);
		assertThat(this.consent.status(tenant.id(), wanda.getId(), Channel.WHATSAPP))
			.isEqualTo(ConsentStatus.OPTED_OUT);
		assertThat(this.consent.status(tenant.id(), wanda.getId(), Channel.SMS)).isEqualTo(ConsentStatus.OPTED_IN);
		assertThat(this.suppressions.isSuppressed(tenant.id(), Channel.WHATSAPP, wanda.getPhone())).isTrue();
		assertThat(this.suppressions.isSuppressed(tenant.id(), Channel.WHATSAPP, "whatsapp:" + wanda.getPhone()))
			.as("Twilio's form of the address finds the same suppression")
			.isTrue();
		assertThat(this.suppressions.isSuppressed(tenant.id(), Channel.SMS, wanda.getPhone())).isFalse();

		launch(admin, tag);
		assertThat(requests(twilio)).extracting((form) -> form.get("To"))
			.as("the next WhatsApp broadcast leaves Wanda out")
			.containsExactlyInAnyOrder("whatsapp:" + wanda.getPhone(), "whatsapp:" + walt.getPhone(),
					"whatsapp:" + walt.getPhone());
	}

	private Contact person(Actor admin, String tag, String name, Channel... consented) {
		Contact contact = this.contacts.create(admin,
				ContactFixtures.person()
					.firstName(name)
					.phone(ContactFixtures.usPhone())
					.timezone("America/New_York")
					.tag(tag)
					.build());
		for (Channel channel : consented) {
			this.consent.record(admin, contact.getId(), channel, ConsentStatus.OPTED_IN, ConsentSource.FORM,
					"Message me", "192.0.2.1", null);
		}
		return contact;
	}

	private Broadcast launch(Actor admin, String tag) {
		Broadcast broadcast = this.broadcasts.create(admin,
				new BroadcastDraft("WhatsApp " + tag, null, Channel.WHATSAPP, BroadcastFixtures.tagged(tag), null,
						"Hi {{ contact.first_name }}", "promotional", Schedule.NOW, 0));
		this.broadcasts.schedule(admin, broadcast.id());
		await("the WhatsApp broadcast",
				() -> this.broadcasts.get(admin, broadcast.id()).status() == BroadcastStatus.COMPLETED);
		return broadcast;
	}

	/** Twilio accepts a WhatsApp message to the contact (and only in Twilio's form). */
	private static String twilioAnswers(TwilioTestAccounts.Account account, Contact contact) {
		String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
		String to = "whatsapp:" + contact.getPhone();
		StandIns.TWILIO.stubFor(post(urlPathEqualTo(account.messagesPath()))
			.withRequestBody(containing("To=" + URLEncoder.encode(to, StandardCharsets.UTF_8)))
			.willReturn(aResponse().withStatus(201)
				.withHeader("Content-Type", "application/json")
				.withBody(TwilioTestAccounts.messageJson(account.sid(), sid, "queued", to, "x"))));
		return sid;
	}

	/** What Herald posted to the account's Messages resource: To, From and Body. */
	private static List<Map<String, String>> requests(TwilioTestAccounts.Account account) {
		return StandIns.TWILIO.findAll(postRequestedFor(urlPathEqualTo(account.messagesPath())))
			.stream()
			.map(WhatsAppBroadcastIntegrationTests::form)
			.map((form) -> Map.of("To", form.get("To"), "From", form.get("From"), "Body", form.get("Body")))
			.toList();
	}

	private static Map<String, String> form(LoggedRequest request) {
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : request.getBodyAsString().split("&")) {
			String[] parts = pair.split("=", 2);
			form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
					URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
		}
		return form;
	}

	/** A WhatsApp status callback as Twilio signs and posts it. */
	private int statusCallback(TwilioTestAccounts.Account account, TwoTenants.TenantFixture tenant, UUID delivery,
			String sid, String status, Contact to) throws Exception {
		String url = StandIns.TWILIO_WEBHOOK_BASE + "/webhooks/twilio/status?tenant=" + tenant.id().value()
				+ "&delivery=" + delivery;
		Map<String, String> form = new LinkedHashMap<>();
		form.put("AccountSid", account.sid());
		form.put("MessageSid", sid);
		form.put("MessageStatus", status);
		form.put("From", "whatsapp:" + account.whatsappFrom());
		form.put("To", "whatsapp:" + to.getPhone());
		form.put("ChannelPrefix", "whatsapp");
		form.put("ApiVersion", "2010-04-01");
		if ("undelivered".equals(status)) {
			form.put("ErrorCode", "63016");
		}
		return signedPost(account, url, form);
	}

	/** A WhatsApp message from the contact as Twilio signs and posts it. */
	private int inbound(TwilioTestAccounts.Account account, String from, String to, String body) throws Exception {
		String url = StandIns.TWILIO_WEBHOOK_BASE + "/webhooks/twilio/inbound";
		Map<String, String> form = new LinkedHashMap<>();
		form.put("AccountSid", account.sid());
		form.put("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""));
		form.put("From", from);
		form.put("To", to);
		form.put("Body", body);
		form.put("NumMedia", "0");
		form.put("ApiVersion", "2010-04-01");
		return signedPost(account, url, form);
	}

	private int signedPost(TwilioTestAccounts.Account account, String url, Map<String, String> form) throws Exception {
		String body = form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create(url.replace(StandIns.TWILIO_WEBHOOK_BASE, "http://localhost:" + this.port)))
				.header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
				.header("X-Twilio-Signature", TwilioTestAccounts.sign(account.token(), url, form))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

	/** Each delivery as "first name:channel:status:error code". */
	private List<String> deliveries(TwoTenants.TenantFixture tenant, Broadcast broadcast) {
		return this.transactions.readInTenant(tenant.id(),
				() -> this.jdbc.sql("""
						SELECT c.first_name || ':' || d.channel || ':' || d.status || ':' || coalesce(d.error_code, '')
						FROM deliveries d JOIN contacts c ON c.tenant_id = d.tenant_id AND c.id = d.contact_id
						WHERE d.tenant_id = ? AND d.broadcast_id = ?""")
					.params(tenant.id().value(), broadcast.id())
					.query(String.class)
					.list());
	}

	private UUID delivery(TwoTenants.TenantFixture tenant, Broadcast broadcast, Contact contact) {
		return this.transactions.readInTenant(tenant.id(),
				() -> this.jdbc.sql("""
						SELECT id FROM deliveries WHERE tenant_id = ? AND broadcast_id = ? AND contact_id = ?""")
					.params(tenant.id().value(), broadcast.id(), contact.getId().value())
					.query(UUID.class)
					.single());
	}

}
