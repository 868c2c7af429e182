package com.herald.dispatch;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
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
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.delivery.BroadcastStats;
import com.herald.email.EmailSettingsChange;
import com.herald.email.EmailSettingsService;
import com.herald.email.EmailTestKeys;
import com.herald.email.sendgrid.SendGridRequests;
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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SendGrid primary, SMTP secondary: the SendGrid stand-in accepts at first and then fails
 * every request (the tenant's quota splits the broadcast into several); the circuit opens
 * and the SMTP server (GreenMail) receives the rest. Counted at both ends, every
 * recipient gets the email exactly once.
 */
@HeraldWebTest
class EmailFailoverIntegrationTests {

	private static final int RECIPIENTS = 30;

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

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
	void smtpTakesOverWhenSendGridKeepsFailingAndNobodyGetsItTwice() throws Exception {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		String apiKey = EmailTestKeys.apiKey();
		this.emailSettings.save(admin, null,
				new EmailSettingsChange("Acme", "news@acme.example", null, "sendgrid", "smtp", apiKey, false, null));
		this.smtpSettings.save(admin, null, new SmtpSettingsChange("127.0.0.1",
				String.valueOf(greenMail.getSmtp().getPort()), "none", null, null, false));
		String scenario = "failover-" + apiKey;
		StandIns.SENDGRID.stubFor(sendFor(apiKey).inScenario(scenario)
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "msg-first"))
			.willSetStateTo("failing"));
		StandIns.SENDGRID.stubFor(sendFor(apiKey).inScenario(scenario)
			.whenScenarioStateIs("failing")
			.willReturn(aResponse().withStatus(500).withBody("{\"errors\":[{\"message\":\"internal error\"}]}")));
		// ten a second: the broadcast goes out in several claims, so SendGrid takes the
		// first and fails the next
		this.transactions.runInTenant(tenant.id(),
				() -> this.jdbc.sql("""
						INSERT INTO channel_quotas (tenant_id, channel, per_second) VALUES (?, 'email', 10)""")
					.param(tenant.id().value())
					.update());
		String tag = BroadcastFixtures.tag();
		Set<String> audience = new HashSet<>();
		for (int i = 0; i < RECIPIENTS; i++) {
			Contact contact = this.fixtures.optedIn(admin, tag, ContactFixtures.person());
			this.consent.record(admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM,
					"Email me", null, null);
			audience.add(contact.getEmail());
		}
		Broadcast broadcast = this.broadcasts.create(admin,
				new BroadcastDraft("Failover " + tag, null, Channel.EMAIL, BroadcastFixtures.tagged(tag), null, null,
						"promotional", Schedule.NOW, 0),
				new EmailContent("Hello {{ contact.first_name }}", null, "<p>New arrivals</p>"));
		CircuitBreaker sendgrid = this.dispatcher.breaker("sendgrid");
		sendgrid.reset();
		try {
			this.broadcasts.schedule(admin, broadcast.id());
			await("completion", () -> this.broadcasts.get(admin, broadcast.id()).status() == BroadcastStatus.COMPLETED);

			assertThat(sendgrid.getState()).as("SendGrid's circuit opened").isEqualTo(CircuitBreaker.State.OPEN);
		}
		finally {
			sendgrid.reset();
		}

		// what SendGrid accepted, read from its answers: with concurrent sends several
		// requests can race into the scenario's first state (WireMock checks and moves it
		// in two steps), so "the first request" is neither one nor necessarily first
		List<ServeEvent> sends = StandIns.SENDGRID.getAllServeEvents()
			.stream()
			.filter((event) -> event.getRequest().getUrl().startsWith("/v3/mail/send")
					&& ("Bearer " + apiKey).equals(event.getRequest().getHeader("Authorization")))
			.toList();
		assertThat(sends).as("SendGrid failed after accepting")
			.anyMatch((event) -> event.getResponse().getStatus() == 500);
		List<String> viaSendGrid = sends.stream()
			.filter((event) -> event.getResponse().getStatus() == 202)
			.flatMap((event) -> SendGridRequests.delivered(SendGridRequests.parse(event.getRequest().getBodyAsString()))
				.stream())
			.map(SendGridRequests.Delivered::to)
			.toList();
		assertThat(greenMail.waitForIncomingEmail(15_000, RECIPIENTS - viaSendGrid.size())).isTrue();
		List<String> viaSmtp = new java.util.ArrayList<>();
		for (MimeMessage message : greenMail.getReceivedMessages()) {
			viaSmtp.add(message.getAllRecipients()[0].toString());
		}
		assertThat(viaSendGrid).isNotEmpty().doesNotHaveDuplicates();
		assertThat(viaSmtp).as("received by the SMTP server")
			.doesNotHaveDuplicates()
			.doesNotContainAnyElementsOf(viaSendGrid);
		assertThat(viaSmtp.size() + viaSendGrid.size()).as("each recipient once, across both").isEqualTo(RECIPIENTS);
		assertThat(new HashSet<>(viaSmtp)).containsAll(
				audience.stream().filter((address) -> !viaSendGrid.contains(address)).collect(Collectors.toSet()));
		assertThat(providers(tenant, broadcast.id()))
			.isEqualTo(Map.of("sendgrid", (long) viaSendGrid.size(), "smtp", (long) viaSmtp.size()));
		BroadcastStats stats = this.broadcasts.stats(admin, broadcast.id());
		assertThat(stats.sent()).isEqualTo(RECIPIENTS);
		assertThat(stats.failed()).isZero();
	}

	private static com.github.tomakehurst.wiremock.client.MappingBuilder sendFor(String apiKey) {
		return post(urlPathEqualTo("/v3/mail/send")).withHeader("Authorization", equalTo("Bearer " + apiKey));
	}

	/** How many sent deliveries each provider took. */
	private Map<String, Long> providers(TwoTenants.TenantFixture tenant, UUID broadcast) {
		return this.transactions.readInTenant(tenant.id(),
				() -> this.jdbc
					.sql("""
							SELECT provider, count(*) FROM deliveries WHERE tenant_id = ? AND broadcast_id = ? AND status IN ('sent', 'delivered')
							GROUP BY provider""")
					.params(tenant.id().value(), broadcast)
					.query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2)))
					.list()
					.stream()
					.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
	}

}
