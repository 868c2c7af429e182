package com.herald.sms;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dead letter whose recipient already fell back to a later channel is never retried:
 * "SMS, else email" where Twilio (the local stand-in) refuses two numbers for good; one
 * recipient gets the email instead (GreenMail), the other has no email consent. Retrying
 * both SMS dead letters, from the REST API, the dead-letter page and the broadcast's own
 * retry, re-sends only the one that did not fall back, and each answer says how many were
 * not retried and why. Counted at the stand-ins: one SMS request and one email for the
 * recipient who fell back, whatever is retried.
 */
@HeraldWebTest
class DeadLetterRetryAfterFallbackIntegrationTests {

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

	@Test // #4
	void aDeadLetterWhoseRecipientFellBackIsNotSentAgain() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		this.fixtures.noQuietHours(tenant.id());
		TwilioTestAccounts.Account twilio = TwilioTestAccounts.configure(this.smsSettings, admin, "Reply STOP");
		String domain = "retry-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
		this.emailSettings.save(admin, null,
				new EmailSettingsChange("Acme", "news@" + domain, null, "smtp", null, null, false, null));
		this.smtpSettings.save(admin, null, new SmtpSettingsChange("127.0.0.1",
				String.valueOf(greenMail.getSmtp().getPort()), "none", null, null, false));
		String tag = BroadcastFixtures.tag();
		Contact movedOn = person(admin, tag, "Ina", true);
		Contact smsOnly = person(admin, tag, "Sol", false);
		for (Contact contact : List.of(movedOn, smsOnly)) {
			StandIns.TWILIO.stubFor(post(urlPathEqualTo(twilio.messagesPath())).withRequestBody(containing(to(contact)))
				.willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("""
						{"code": 21211, "message": "The 'To' number is not a valid phone number.",
						 "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""")));
		}
		Broadcast broadcast = this.broadcasts.create(admin,
				new BroadcastDraft("Retry " + tag, null, List.of(Channel.SMS, Channel.EMAIL), ChannelMode.FALLBACK,
						BroadcastFixtures.tagged(tag), null, "Hi {{ contact.first_name }}, sale today", "promotional",
						Schedule.NOW, 0),
				new EmailContent("Our sale", null, "<p>Sale today</p>"));
		this.broadcasts.schedule(admin, broadcast.id());
		await("the SMS round and the fallback email", () -> status(admin, broadcast) == BroadcastStatus.COMPLETED
				&& greenMail.getReceivedMessages().length == 1);
		assertThat(smsRequests(twilio, movedOn)).isEqualTo(1);
		assertThat(smsRequests(twilio, smsOnly)).isEqualTo(1);
		UUID movedOnSms = smsDelivery(tenant, broadcast, movedOn);
		UUID smsOnlySms = smsDelivery(tenant, broadcast, smsOnly);

		// the REST API: both chosen, one re-sent, one not because it fell back
		ApiClient api = ApiClient.bearer(this.port, this.apiKeys.create(admin, "retry", Role.TENANT_ADMIN).key());
		ApiClient.ApiResponse retried = api.post("/api/v1/dead-letters/retry",
				Map.of("deliveryIds", List.of(movedOnSms, smsOnlySms)));
		assertThat(retried.status()).as(retried.body()).isEqualTo(200);
		assertThat(retried.json().path("requeued").asInt()).isEqualTo(1);
		assertThat(retried.json().path("notRetried").asInt()).isEqualTo(1);
		assertThat(retried.json().path("fellBack").asInt()).isEqualTo(1);
		assertThat(retried.json().path("suppressed").asInt()).isZero();
		await("the retried SMS",
				() -> smsRequests(twilio, smsOnly) == 2 && status(admin, broadcast) == BroadcastStatus.COMPLETED);

		// the dead-letter page: retrying it says why it was not
		WebSession session = WebSession.signedIn(this.port, tenant.adminEmail(), TwoTenants.PASSWORD);
		session.get("/dead-letters");
		HttpResponse<String> fromPage = session.post("/dead-letters/retry",
				Map.of("deliveryId", movedOnSms.toString(), "confirmed", "true"));
		assertThat(fromPage.statusCode()).isEqualTo(302);
		assertThat(session.get(URI.create(fromPage.headers().firstValue("Location").orElseThrow()).getRawPath()).body())
			.contains("0 messages are back in the queue. 1 not retried: 1 already went out on a later channel"
					+ " (fallback).");

		// the broadcast's own retry of all its dead letters
		ApiClient.ApiResponse all = api.post("/api/v1/broadcasts/" + broadcast.id() + "/dead-letters/retry", "");
		assertThat(all.status()).as(all.body()).isEqualTo(200);
		assertThat(all.json().path("requeued").asInt()).isEqualTo(1);
		assertThat(all.json().path("fellBack").asInt()).isEqualTo(1);
		await("the SMS retried again",
				() -> smsRequests(twilio, smsOnly) == 3 && status(admin, broadcast) == BroadcastStatus.COMPLETED);

		assertThat(smsRequests(twilio, movedOn)).isEqualTo(1);
		assertThat(greenMail.getReceivedMessages()).hasSize(1);
		assertThat(deliveries(tenant, broadcast)).containsExactlyInAnyOrder("Ina:sms:0:failed", "Ina:email:1:sent",
				"Sol:sms:0:failed");
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

	private static String to(Contact contact) {
		return "To=" + URLEncoder.encode(contact.getPhone(), StandardCharsets.UTF_8);
	}

	/** Messages requests the Twilio stand-in got for the contact's number. */
	private static int smsRequests(TwilioTestAccounts.Account twilio, Contact contact) {
		return StandIns.TWILIO
			.findAll(postRequestedFor(urlPathEqualTo(twilio.messagesPath())).withRequestBody(containing(to(contact))))
			.size();
	}

	private BroadcastStatus status(Actor admin, Broadcast broadcast) {
		return this.broadcasts.get(admin, broadcast.id()).status();
	}

	private UUID smsDelivery(TwoTenants.TenantFixture tenant, Broadcast broadcast, Contact contact) {
		return this.transactions.readInTenant(tenant.id(), () -> this.jdbc
			.sql("""
					SELECT id FROM deliveries WHERE tenant_id = ? AND broadcast_id = ? AND contact_id = ? AND channel = 'sms'""")
			.params(tenant.id().value(), broadcast.id(), contact.getId().value())
			.query(UUID.class)
			.single());
	}

	/** Each delivery as "first name:channel:step:status". */
	private List<String> deliveries(TwoTenants.TenantFixture tenant, Broadcast broadcast) {
		return this.transactions.readInTenant(tenant.id(),
				() -> this.jdbc.sql("""
						SELECT c.first_name || ':' || d.channel || ':' || d.step || ':' || d.status
						FROM deliveries d JOIN contacts c ON c.tenant_id = d.tenant_id AND c.id = d.contact_id
						WHERE d.tenant_id = ? AND d.broadcast_id = ?""")
					.params(tenant.id().value(), broadcast.id())
					.query(String.class)
					.list());
	}

}
