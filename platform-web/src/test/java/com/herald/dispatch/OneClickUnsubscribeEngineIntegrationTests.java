package com.herald.dispatch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastFixtures.StoredDelivery;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.broadcast.Schedule;
import com.herald.consent.Channel;
import com.herald.consent.ConsentRecord;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.email.EmailSettingsChange;
import com.herald.email.EmailSettingsService;
import com.herald.email.smtp.SmtpSettingsChange;
import com.herald.email.smtp.SmtpSettingsService;
import com.herald.support.HeraldWebTest;
import com.herald.support.StandIns;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;
import com.herald.template.EmailContent;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 8058 through the engine: an email broadcast sent over SMTP (a real server,
 * GreenMail) carries List-Unsubscribe with Herald's HTTPS link and the mailto, and
 * List-Unsubscribe-Post; a POST to exactly that link, as a mail client sends it (no
 * cookies, no CSRF token), unsubscribes the recipient in one step: consent record and
 * audit event written, their queued delivery of a later broadcast skipped and never sent,
 * the other recipient untouched.
 */
@HeraldWebTest
class OneClickUnsubscribeEngineIntegrationTests {

	private static final Pattern LINKS = Pattern.compile("^<(https://[^>]+)>, <(mailto:[^>]+)>$");

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	ConsentService consent;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	EmailSettingsService emailSettings;

	@Autowired
	SmtpSettingsService smtpSettings;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TenantTransactions transactions;

	@Test // #5
	void theListUnsubscribePostOfAnEngineSentEmailUnsubscribesInOneStep() throws Exception {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		String domain = "news-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
		this.emailSettings.save(admin, null,
				new EmailSettingsChange("Acme News", "offers@" + domain, null, "smtp", null, null, false, null));
		this.smtpSettings.save(admin, null, new SmtpSettingsChange("127.0.0.1",
				String.valueOf(greenMail.getSmtp().getPort()), "none", null, null, false));
		String tag = BroadcastFixtures.tag();
		Contact leaves = optedInToEmail(admin, tag);
		Contact stays = optedInToEmail(admin, tag);

		Broadcast first = send(admin, tag, "First");
		this.broadcasts.schedule(admin, first.id());
		await("the first broadcast sent",
				() -> this.broadcasts.get(admin, first.id()).status() == BroadcastStatus.COMPLETED);
		assertThat(greenMail.waitForIncomingEmail(10_000, 2)).isTrue();
		MimeMessage received = greenMail.getReceivedMessagesForDomain(leaves.getEmail())[0];
		String listUnsubscribe = MimeUtility.unfold(received.getHeader("List-Unsubscribe")[0]);
		Matcher links = LINKS.matcher(listUnsubscribe);
		assertThat(links.matches()).as("HTTPS link and mailto in " + listUnsubscribe).isTrue();
		assertThat(links.group(1)).startsWith(StandIns.PUBLIC_URL + "/u/");
		assertThat(links.group(2)).isEqualTo("mailto:" + StandIns.UNSUBSCRIBE_MAILTO + "?subject=unsubscribe");
		assertThat(received.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");

		// a second broadcast queued for both while the SMTP circuit is held open, so the
		// unsubscribe below finds a delivery not yet sent
		Broadcast second = send(admin, tag, "Second");
		CircuitBreaker smtp = this.dispatcher.breaker("smtp");
		HttpResponse<String> oneClick;
		smtp.transitionToForcedOpenState();
		try {
			this.broadcasts.schedule(admin, second.id());
			await("the second broadcast queued", () -> this.fixtures.deliveries(tenant.id(), second.id()).size() == 2);

			// what a mail client sends: the header's link, the RFC 8058 body, nothing
			// else
			oneClick = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(StandIns.local(links.group(1), this.port)))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
					.build(), HttpResponse.BodyHandlers.ofString());
		}
		finally {
			smtp.transitionToClosedState();
		}

		assertThat(oneClick.statusCode()).isEqualTo(200);
		assertThat(this.consent.status(tenant.id(), leaves.getId(), Channel.EMAIL)).isEqualTo(ConsentStatus.OPTED_OUT);
		assertThat(this.consent.status(tenant.id(), stays.getId(), Channel.EMAIL)).isEqualTo(ConsentStatus.OPTED_IN);
		ConsentRecord record = this.consent.history(admin, leaves.getId()).get(0);
		assertThat(record.status()).isEqualTo(ConsentStatus.OPTED_OUT);
		assertThat(record.source()).isEqualTo(ConsentSource.UNSUBSCRIBE_LINK);
		assertThat(record.wording()).startsWith("One-click unsubscribe (RFC 8058) from email");
		assertThat(auditActions(tenant, leaves)).contains("consent.recorded");
		await("the second broadcast done",
				() -> this.broadcasts.get(admin, second.id()).status() == BroadcastStatus.COMPLETED);
		assertThat(statuses(tenant, second)).containsExactlyInAnyOrderEntriesOf(
				Map.of(leaves.getId().value(), "skipped", stays.getId().value(), "sent"));
		assertThat(greenMail.waitForIncomingEmail(10_000, 3)).isTrue();
		assertThat(greenMail.getReceivedMessagesForDomain(stays.getEmail())).hasSize(2);
		assertThat(greenMail.getReceivedMessagesForDomain(leaves.getEmail())).as("only the first broadcast").hasSize(1);
	}

	private Contact optedInToEmail(Actor admin, String tag) {
		Contact contact = this.fixtures.optedIn(admin, tag, ContactFixtures.person());
		this.consent.record(admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Email me", null, null);
		return contact;
	}

	private Broadcast send(Actor admin, String tag, String name) {
		return this.broadcasts.create(admin,
				new BroadcastDraft(name + " " + tag, null, Channel.EMAIL, BroadcastFixtures.tagged(tag), null, null,
						"promotional", Schedule.NOW, 0),
				new EmailContent(name + " news for {{ contact.first_name }}", null, "<p>New arrivals</p>"));
	}

	private Map<UUID, String> statuses(TwoTenants.TenantFixture tenant, Broadcast broadcast) {
		return this.fixtures.deliveries(tenant.id(), broadcast.id())
			.stream()
			.collect(java.util.stream.Collectors.toMap(StoredDelivery::contactId, StoredDelivery::status));
	}

	private List<String> auditActions(TwoTenants.TenantFixture tenant, Contact contact) {
		return this.transactions.readInTenant(tenant.id(), () -> this.jdbc.sql("""
				SELECT action FROM audit_events WHERE tenant_id = ? AND target_type = 'contact' AND target_id = ?
				  AND actor_type = 'ANONYMOUS' ORDER BY seq""")
			.params(tenant.id().value(), contact.getId().value().toString())
			.query(String.class)
			.list());
	}

}
