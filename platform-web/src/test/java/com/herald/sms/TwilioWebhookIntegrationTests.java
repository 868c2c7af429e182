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
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.consent.SuppressionService;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactId;
import com.herald.contact.ContactService;
import com.herald.support.HeraldWebTest;
import com.herald.support.StandIns;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twilio's webhooks over real HTTP, signed as Twilio signs them: statuses are recorded
 * once and only move forward; keywords change consent and suppressions; nothing happens
 * for a request whose signature does not verify, or that aims at another tenant.
 */
@HeraldWebTest
class TwilioWebhookIntegrationTests {

	private static final String HELP = "Acme Cars <Main St>: reply STOP to opt out & HELP for help";

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	SmsSettingsService settings;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consents;

	@Autowired
	SuppressionService suppressions;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcTemplate jdbc;

	private final HttpClient http = HttpClient.newHttpClient();

	private TwoTenants two;

	private Actor adminA;

	private TwilioTestAccounts.Account accountA;

	private TwilioTestAccounts.Account accountB;

	@BeforeEach
	void twoTenantsWithTheirOwnAccounts() {
		this.two = this.tenancy.twoTenants();
		this.adminA = this.two.a().admin(this.accounts);
		this.accountA = TwilioTestAccounts.configure(this.settings, this.adminA, HELP);
		this.accountB = TwilioTestAccounts.configure(this.settings, this.two.b().admin(this.accounts), "B help");
	}

	// status callbacks

	@Test
	void recordsAStatusOnceAndNeverMovesItBackwards() throws Exception {
		UUID delivery = UUID.randomUUID();
		String sid = "SM" + hex();

		assertThat(status(this.accountA, tenantA(), delivery, sid, "sent", null).statusCode()).isEqualTo(204);
		assertThat(status(this.accountA, tenantA(), delivery, sid, "delivered", null).statusCode()).isEqualTo(204);
		assertThat(status(this.accountA, tenantA(), delivery, sid, "delivered", null).statusCode()).isEqualTo(204);
		assertThat(status(this.accountA, tenantA(), delivery, sid, "sent", null).statusCode()).isEqualTo(204);

		assertThat(messageStatus(tenantA(), sid)).isEqualTo("delivered " + delivery);
		assertThat(events(tenantA(), sid)).as("every report is kept").isEqualTo(4);
	}

	@Test
	void keepsTheErrorCodeOfAFailedMessage() throws Exception {
		String sid = "SM" + hex();

		status(this.accountA, tenantA(), UUID.randomUUID(), sid, "undelivered", "30003");

		assertThat(this.transactions.readInTenant(tenantA(),
				() -> this.jdbc.queryForObject(
						"SELECT error_code FROM sms_message_statuses WHERE tenant_id = ? AND message_sid = ?",
						String.class, tenantA().value(), sid)))
			.isEqualTo("30003");
	}

	@Test
	void rejectsABadSignatureAndChangesNothing() throws Exception {
		String sid = "SM" + hex();
		Map<String, String> form = statusForm(this.accountA, sid, "delivered", null);
		String url = StandIns.TWILIO_WEBHOOK_BASE + "/webhooks/twilio/status?tenant=" + tenantA().value() + "&delivery="
				+ UUID.randomUUID();

		HttpResponse<String> forged = post(url, form, TwilioTestAccounts.sign("not-the-token-at-all", url, form));
		HttpResponse<String> unsigned = post(url, form, null);
		Map<String, String> tampered = new LinkedHashMap<>(form);
		tampered.put("MessageStatus", "failed");
		HttpResponse<String> changed = post(url, tampered, TwilioTestAccounts.sign(this.accountA.token(), url, form));

		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(unsigned.statusCode()).isEqualTo(403);
		assertThat(changed.statusCode()).isEqualTo(403);
		assertThat(events(tenantA(), sid)).isZero();
	}

	@Test
	void verifiesAgainstThePublicUrlNotTheAddressBehindTheProxy() throws Exception {
		String sid = "SM" + hex();
		Map<String, String> form = statusForm(this.accountA, sid, "delivered", null);
		String query = "?tenant=" + tenantA().value() + "&delivery=" + UUID.randomUUID();
		String inside = "http://localhost:" + this.port + "/webhooks/twilio/status" + query;

		HttpResponse<String> signedInside = post(StandIns.TWILIO_WEBHOOK_BASE + "/webhooks/twilio/status" + query, form,
				TwilioTestAccounts.sign(this.accountA.token(), inside, form));

		assertThat(signedInside.statusCode()).isEqualTo(403);
		assertThat(events(tenantA(), sid)).isZero();
	}

	@Test
	void refusesACallbackAimedAtAnotherTenant() throws Exception {
		String sid = "SM" + hex();
		// signed with A's token but naming tenant B: B's token does not verify it
		HttpResponse<String> response = status(this.accountA, this.two.b().id(), UUID.randomUUID(), sid, "delivered",
				null);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(events(this.two.b().id(), sid)).isZero();
		assertThat(events(tenantA(), sid)).isZero();
	}

	// inbound messages

	@ParameterizedTest
	@ValueSource(strings = { "STOP", "stop", "  Stop  ", "STOPALL", "unsubscribe", "Cancel", "END", "quit", "REVOKE",
			"optout", "Stop." })
	void optsOutOnEveryStopKeyword(String body) throws Exception {
		String phone = ContactFixtures.usPhone();
		ContactId contact = contact(this.adminA, phone);
		ContactId sameNumberInB = contact(this.two.b().admin(this.accounts), phone);

		HttpResponse<String> response = inbound(this.accountA, phone, body, null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain("<Message>");
		assertThat(this.consents.status(tenantA(), contact, Channel.SMS)).isEqualTo(ConsentStatus.OPTED_OUT);
		assertThat(this.consents.history(this.adminA, contact).get(0).source()).isEqualTo(ConsentSource.KEYWORD);
		assertThat(this.suppressions.isSuppressed(tenantA(), Channel.SMS, phone)).isTrue();
		assertThat(inboundKind(tenantA(), phone)).isEqualTo("opt_out");
		// tenant B's contact with the same number is untouched
		assertThat(this.consents.status(this.two.b().id(), sameNumberInB, Channel.SMS))
			.isNotEqualTo(ConsentStatus.OPTED_OUT);
		assertThat(this.suppressions.isSuppressed(this.two.b().id(), Channel.SMS, phone)).isFalse();
	}

	@Test
	void optsBackInOnStartAndLiftsTheStopSuppression() throws Exception {
		String phone = ContactFixtures.usPhone();
		ContactId contact = contact(this.adminA, phone);
		inbound(this.accountA, phone, "STOP", null);

		inbound(this.accountA, phone, " start ", null);

		assertThat(this.consents.status(tenantA(), contact, Channel.SMS)).isEqualTo(ConsentStatus.OPTED_IN);
		assertThat(this.suppressions.isSuppressed(tenantA(), Channel.SMS, phone)).isFalse();
		inbound(this.accountA, phone, "UNSTOP", null);
		inbound(this.accountA, phone, "yes", null);
		assertThat(this.consents.status(tenantA(), contact, Channel.SMS)).isEqualTo(ConsentStatus.OPTED_IN);
	}

	@Test
	void honoursTwiliosOptOutTypeOverTheWords() throws Exception {
		String phone = ContactFixtures.usPhone();
		ContactId contact = contact(this.adminA, phone);

		inbound(this.accountA, phone, "please no more texts", "STOP");

		assertThat(this.consents.status(tenantA(), contact, Channel.SMS)).isEqualTo(ConsentStatus.OPTED_OUT);
		assertThat(this.suppressions.isSuppressed(tenantA(), Channel.SMS, phone)).isTrue();
	}

	@Test
	void answersHelpWithTheTenantsHelpTextEscaped() throws Exception {
		HttpResponse<String> response = inbound(this.accountA, ContactFixtures.usPhone(), "help", null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
		assertThat(response.body()).contains("<Response>")
			.contains("<Message><Body>Acme Cars &lt;Main St&gt;: reply STOP to opt out &amp; HELP for help</Body>"
					+ "</Message>");
	}

	@Test
	void keepsOtherRepliesOnceWithTheContactTheyCameFrom() throws Exception {
		String phone = ContactFixtures.usPhone();
		ContactId contact = contact(this.adminA, phone);
		String sid = "SM" + hex();

		inboundWithSid(this.accountA, phone, "Is the red one still available?", sid);
		inboundWithSid(this.accountA, phone, "Is the red one still available?", sid);

		List<String> stored = this.transactions.readInTenant(tenantA(), () -> this.jdbc.queryForList("""
				SELECT kind || ' ' || contact_id || ' ' || body FROM sms_inbound_messages
				WHERE tenant_id = ? AND from_address = ?""", String.class, tenantA().value(), phone));
		assertThat(stored).containsExactly("reply " + contact.value() + " Is the red one still available?");
		assertThat(this.consents.status(tenantA(), contact, Channel.SMS)).isNotEqualTo(ConsentStatus.OPTED_OUT);
	}

	@Test
	void rejectsInboundMessagesToAnUnknownNumberOrWithAnotherTenantsSignature() throws Exception {
		String phone = ContactFixtures.usPhone();
		Map<String, String> form = inboundForm(this.accountA, phone, ContactFixtures.usPhone(), "STOP", "SM" + hex(),
				null);
		String url = StandIns.TWILIO_WEBHOOK_BASE + "/webhooks/twilio/inbound";
		HttpResponse<String> unknownNumber = post(url, form, TwilioTestAccounts.sign(this.accountA.token(), url, form));

		Map<String, String> toA = inboundForm(this.accountA, phone, this.accountA.from(), "STOP", "SM" + hex(), null);
		HttpResponse<String> signedByB = post(url, toA, TwilioTestAccounts.sign(this.accountB.token(), url, toA));

		assertThat(unknownNumber.statusCode()).isEqualTo(403);
		assertThat(signedByB.statusCode()).isEqualTo(403);
		assertThat(this.suppressions.isSuppressed(tenantA(), Channel.SMS, phone)).isFalse();
	}

	@Test
	void optsOutOfWhatsAppOnAWhatsAppStop() throws Exception {
		String phone = ContactFixtures.usPhone();
		ContactId contact = contact(this.adminA, phone);
		Map<String, String> form = inboundForm(this.accountA, "whatsapp:" + phone,
				"whatsapp:" + this.accountA.whatsappFrom(), "STOP", "SM" + hex(), null);
		String url = StandIns.TWILIO_WEBHOOK_BASE + "/webhooks/twilio/inbound";

		assertThat(post(url, form, TwilioTestAccounts.sign(this.accountA.token(), url, form)).statusCode())
			.isEqualTo(200);

		assertThat(this.consents.status(tenantA(), contact, Channel.WHATSAPP)).isEqualTo(ConsentStatus.OPTED_OUT);
		assertThat(this.suppressions.isSuppressed(tenantA(), Channel.WHATSAPP, phone)).isTrue();
	}

	// helpers

	private TenantId tenantA() {
		return this.two.a().id();
	}

	private ContactId contact(Actor admin, String phone) {
		return this.contacts.create(admin, ContactDraft.builder().firstName("Pat").phone(phone).build()).getId();
	}

	private HttpResponse<String> status(TwilioTestAccounts.Account account, TenantId tenant, UUID delivery, String sid,
			String status, @Nullable String errorCode) throws Exception {
		String url = StandIns.TWILIO_WEBHOOK_BASE + "/webhooks/twilio/status?tenant=" + tenant.value() + "&delivery="
				+ delivery;
		Map<String, String> form = statusForm(account, sid, status, errorCode);
		return post(url, form, TwilioTestAccounts.sign(account.token(), url, form));
	}

	private static Map<String, String> statusForm(TwilioTestAccounts.Account account, String sid, String status,
			@Nullable String errorCode) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("AccountSid", account.sid());
		form.put("MessageSid", sid);
		form.put("SmsSid", sid);
		form.put("MessageStatus", status);
		form.put("SmsStatus", status);
		form.put("From", account.from());
		form.put("To", "+15005550006");
		form.put("ApiVersion", "2010-04-01");
		if (errorCode != null) {
			form.put("ErrorCode", errorCode);
		}
		return form;
	}

	private HttpResponse<String> inbound(TwilioTestAccounts.Account account, String from, String body,
			@Nullable String optOutType) throws Exception {
		String url = StandIns.TWILIO_WEBHOOK_BASE + "/webhooks/twilio/inbound";
		Map<String, String> form = inboundForm(account, from, account.from(), body, "SM" + hex(), optOutType);
		return post(url, form, TwilioTestAccounts.sign(account.token(), url, form));
	}

	private void inboundWithSid(TwilioTestAccounts.Account account, String from, String body, String sid)
			throws Exception {
		String url = StandIns.TWILIO_WEBHOOK_BASE + "/webhooks/twilio/inbound";
		Map<String, String> form = inboundForm(account, from, account.from(), body, sid, null);
		assertThat(post(url, form, TwilioTestAccounts.sign(account.token(), url, form)).statusCode()).isEqualTo(200);
	}

	private static Map<String, String> inboundForm(TwilioTestAccounts.Account account, String from, String to,
			String body, String sid, @Nullable String optOutType) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("AccountSid", account.sid());
		form.put("MessageSid", sid);
		form.put("SmsMessageSid", sid);
		form.put("From", from);
		form.put("To", to);
		form.put("Body", body);
		form.put("NumMedia", "0");
		form.put("SmsStatus", "received");
		if (optOutType != null) {
			form.put("OptOutType", optOutType);
		}
		return form;
	}

	/**
	 * Posts to Herald's own port what Twilio posted to the public URL (as the proxy in
	 * front of Herald would).
	 */
	private HttpResponse<String> post(String publicUrl, Map<String, String> form, @Nullable String signature)
			throws Exception {
		String local = publicUrl.replace(StandIns.TWILIO_WEBHOOK_BASE, "http://localhost:" + this.port);
		String body = form.entrySet()
			.stream()
			.map((e) -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(local))
			.header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (signature != null) {
			request.header("X-Twilio-Signature", signature);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String messageStatus(TenantId tenant, String sid) {
		return this.transactions.readInTenant(tenant, () -> this.jdbc.queryForObject("""
				SELECT status || ' ' || delivery_id FROM sms_message_statuses
				WHERE tenant_id = ? AND message_sid = ?""", String.class, tenant.value(), sid));
	}

	private int events(TenantId tenant, String sid) {
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc.queryForObject(
						"SELECT count(*) FROM sms_status_events WHERE tenant_id = ? AND message_sid = ?", Integer.class,
						tenant.value(), sid));
	}

	private String inboundKind(TenantId tenant, String phone) {
		return this.transactions.readInTenant(tenant, () -> this.jdbc.queryForObject("""
				SELECT kind FROM sms_inbound_messages WHERE tenant_id = ? AND from_address = ?
				ORDER BY received_at DESC LIMIT 1""", String.class, tenant.value(), phone));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String hex() {
		return UUID.randomUUID().toString().replace("-", "");
	}

}
