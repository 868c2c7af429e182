package com.herald.dispatch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
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
import com.herald.consent.PreferenceService;
import com.herald.consent.SuppressionReason;
import com.herald.consent.SuppressionService;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.delivery.BroadcastStats;
import com.herald.delivery.ClaimedDelivery;
import com.herald.delivery.DeliveryQueue;
import com.herald.email.EmailOutbox;
import com.herald.preference.PreferenceLinks;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;
import com.herald.template.EmailContent;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker has claimed a batch of email deliveries; before it sends them one recipient
 * unsubscribes with the one-click POST, one address is suppressed and one recipient
 * pauses. The worker's send-time check stops those three: only the fourth goes out, and
 * the counts add up.
 */
@HeraldWebTest
class SendTimeConsentIntegrationTests {

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
	SuppressionService suppressions;

	@Autowired
	PreferenceService preferences;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	DeliveryQueue queue;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	PreferenceLinks links;

	@Autowired
	EmailOutbox outbox;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TenantTransactions transactions;

	@Test // #5
	void changesMadeAfterTheClaimStopTheSend() throws Exception {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		String tag = BroadcastFixtures.tag();
		Contact unsubscribes = optedInToEmail(admin, tag);
		Contact bounced = optedInToEmail(admin, tag);
		Contact pauses = optedInToEmail(admin, tag);
		Contact stays = optedInToEmail(admin, tag);
		Broadcast broadcast = this.broadcasts.create(admin,
				new BroadcastDraft("Send-time " + tag, null, Channel.EMAIL, BroadcastFixtures.tagged(tag), null, null,
						"promotional", Schedule.NOW, 0),
				new EmailContent("Hello {{ contact.first_name }}", null, "<p>New arrivals</p>"));

		// the sandbox's circuit held open keeps the background workers off the lane while
		// this test claims the batch as a worker would
		CircuitBreaker sandbox = this.dispatcher.breaker("sandbox");
		List<ClaimedDelivery> claimed;
		sandbox.transitionToForcedOpenState();
		try {
			this.broadcasts.schedule(admin, broadcast.id());
			await("launch", () -> this.broadcasts.get(admin, broadcast.id()).status() == BroadcastStatus.SENDING);
			claimed = this.queue.claim(tenant.id(), Channel.EMAIL, 10, "test:held", "sandbox");
		}
		finally {
			sandbox.transitionToClosedState();
		}
		assertThat(claimed).hasSize(4);

		HttpResponse<String> oneClick = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create(this.links
					.unsubscribe(tenant.id(), unsubscribes.getId(), Channel.EMAIL, delivery(claimed, unsubscribes))
					.replace(com.herald.support.StandIns.PUBLIC_URL, "http://localhost:" + this.port)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(oneClick.statusCode()).isEqualTo(200);
		this.suppressions.add(admin, Channel.EMAIL, bounced.getEmail(), SuppressionReason.BOUNCED, "Hard bounce");
		this.preferences.setPause(admin, pauses.getId(), Instant.now().plus(30, ChronoUnit.DAYS));

		int handled = this.dispatcher.sendClaimed(new DeliveryQueue.Lane(tenant.id(), Channel.EMAIL), claimed,
				"test:held");

		assertThat(handled).isEqualTo(1);
		assertThat(this.outbox.find(tenant.id(), delivery(claimed, stays))).isPresent();
		for (Contact stopped : List.of(unsubscribes, bounced, pauses)) {
			assertThat(this.outbox.find(tenant.id(), delivery(claimed, stopped))).as("nothing sent").isEmpty();
		}
		assertThat(states(tenant, broadcast.id())).containsExactlyInAnyOrderEntriesOf(Map.of(
				delivery(claimed, unsubscribes), "skipped: Recipient unsubscribed before it was sent",
				delivery(claimed, bounced), "skipped: Address suppressed before it was sent", delivery(claimed, pauses),
				"skipped: Recipient paused messages before it was sent", delivery(claimed, stays), "sent: "));
		BroadcastStats stats = this.broadcasts.stats(admin, broadcast.id());
		assertThat(stats.total()).isEqualTo(4);
		assertThat(stats.sent()).isEqualTo(1);
		assertThat(stats.skipped()).isEqualTo(3);
		assertThat(stats.queued()).isZero();
		assertThat(this.broadcasts.get(admin, broadcast.id()).status()).isEqualTo(BroadcastStatus.COMPLETED);
	}

	private Contact optedInToEmail(Actor admin, String tag) {
		Contact contact = this.fixtures.optedIn(admin, tag, ContactFixtures.person());
		this.consent.record(admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Email me", null, null);
		return contact;
	}

	private static UUID delivery(List<ClaimedDelivery> claimed, Contact contact) {
		return claimed.stream()
			.filter((delivery) -> delivery.contactId().equals(contact.getId().value()))
			.findFirst()
			.orElseThrow()
			.id();
	}

	/** Each delivery's status and reason, as stored. */
	private Map<UUID, String> states(TwoTenants.TenantFixture tenant, UUID broadcast) {
		return this.transactions.readInTenant(tenant.id(),
				() -> this.jdbc.sql("""
						SELECT id, status || ': ' || coalesce(error_message, '') FROM deliveries
						WHERE tenant_id = ? AND broadcast_id = ?""")
					.params(tenant.id().value(), broadcast)
					.query((rs, row) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
					.list()
					.stream()
					.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
	}

}
