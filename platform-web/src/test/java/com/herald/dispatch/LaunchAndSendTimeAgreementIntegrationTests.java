package com.herald.dispatch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
import com.herald.consent.FrequencyCap;
import com.herald.consent.PreferenceService;
import com.herald.consent.SuppressionReason;
import com.herald.consent.SuppressionService;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.delivery.BroadcastStats;
import com.herald.delivery.ClaimedDelivery;
import com.herald.delivery.DeliveryQueue;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Launch filtering and the send-time check agree: a broadcast launched over contacts in
 * every consent, suppression, category and pause state gets deliveries for exactly those
 * it may reach, the send-time check of the claimed batch skips none of them, and each
 * change a recipient makes after the claim is caught at send time, with its reason.
 */
@HeraldWebTest
class LaunchAndSendTimeAgreementIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	ContactService contacts;

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
	JdbcClient jdbc;

	@Autowired
	TenantTransactions transactions;

	@ParameterizedTest
	@ValueSource(strings = { "promotional", "transactional" })
	void theSendTimeCheckSkipsNothingTheLaunchAdmitted(String category) {
		boolean promotional = category.equals("promotional");
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		Actor admin = tenant.admin(this.accounts);
		this.fixtures.noQuietHours(tenant.id());
		String tag = BroadcastFixtures.tag();
		Instant inAMonth = Instant.now().plus(30, ChronoUnit.DAYS);
		Map<String, Contact> people = new LinkedHashMap<>();
		people.put("opted in", optedIn(admin, tag, (contact) -> {
		}));
		people.put("in the category", optedIn(admin, tag,
				(contact) -> this.preferences.setCategory(admin, contact.getId(), Channel.SMS, category, true)));
		people.put("pause over", optedIn(admin, tag,
				(contact) -> this.preferences.setPause(admin, contact.getId(), Instant.now().minusSeconds(60))));
		people.put("capped, not reached", optedIn(admin, tag,
				(contact) -> this.preferences.setFrequencyCap(admin, contact.getId(), new FrequencyCap(3, 7))));
		people.put("out of email only", optedIn(admin, tag, (contact) -> {
			this.consent.record(admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_OUT, ConsentSource.FORM,
					null, null, null);
			this.suppressions.add(admin, Channel.EMAIL, contact.getEmail(), SuppressionReason.UNSUBSCRIBED, null);
		}));
		people.put("paused",
				optedIn(admin, tag, (contact) -> this.preferences.setPause(admin, contact.getId(), inAMonth)));
		people.put("never asked", this.contacts.create(admin, ContactFixtures.person().tag(tag).build()));
		people.put("opted out", optedIn(admin, tag, (contact) -> this.consent.record(admin, contact.getId(),
				Channel.SMS, ConsentStatus.OPTED_OUT, ConsentSource.KEYWORD, null, null, null)));
		people.put("suppressed", optedIn(admin, tag, (contact) -> this.suppressions.add(admin, Channel.SMS,
				contact.getPhone(), SuppressionReason.STOP, null)));
		people.put("out of the category", optedIn(admin, tag,
				(contact) -> this.preferences.setCategory(admin, contact.getId(), Channel.SMS, category, false)));
		Broadcast broadcast = this.broadcasts.create(admin, new BroadcastDraft("Agreement " + tag, null, Channel.SMS,
				BroadcastFixtures.tagged(tag), null, "Hi {{ contact.first_name }}", category, Schedule.NOW, 0));

		// the sandbox's circuit held open keeps the background workers off the lane while
		// this test claims the batch as a worker would
		CircuitBreaker sandbox = this.dispatcher.breaker("sandbox");
		List<ClaimedDelivery> claimed;
		sandbox.transitionToForcedOpenState();
		try {
			this.broadcasts.schedule(admin, broadcast.id());
			await("launch", () -> this.broadcasts.get(admin, broadcast.id()).status() == BroadcastStatus.SENDING);
			claimed = this.queue.claim(tenant.id(), Channel.SMS, 100, "test:agreement", "sandbox");
		}
		finally {
			sandbox.transitionToClosedState();
		}
		List<String> admitted = promotional
				? List.of("opted in", "in the category", "pause over", "capped, not reached", "out of email only")
				: List.of("opted in", "in the category", "pause over", "capped, not reached", "out of email only",
						"paused", "never asked");
		assertThat(names(people, claimed)).as("launched").containsExactlyInAnyOrderElementsOf(admitted);

		assertThat(this.queue.skipNoLongerWanted(tenant.id(), claimed)).as("wanted at send time")
			.containsExactlyElementsOf(claimed);
		assertThat(states(tenant, broadcast.id()).values()).containsOnly("sending: ");

		// changes after the claim: each is caught at send time
		this.consent.record(admin, people.get("opted in").getId(), Channel.SMS, ConsentStatus.OPTED_OUT,
				ConsentSource.KEYWORD, null, null, null);
		this.preferences.setCategory(admin, people.get("in the category").getId(), Channel.SMS, category, false);
		this.preferences.setPause(admin, people.get("pause over").getId(), inAMonth);
		this.suppressions.add(admin, Channel.SMS, people.get("out of email only").getPhone(), SuppressionReason.STOP,
				null);
		this.dispatcher.sendClaimed(new DeliveryQueue.Lane(tenant.id(), Channel.SMS), claimed, "test:agreement");
		// what the sandbox's rate did not let through this second, the workers send next
		await("completion", () -> this.broadcasts.get(admin, broadcast.id()).status() == BroadcastStatus.COMPLETED);

		Map<String, String> expected = new LinkedHashMap<>();
		expected.put("opted in", "skipped: Recipient unsubscribed before it was sent");
		expected.put("in the category", "skipped: Recipient opted out of " + category + " before it was sent");
		// a pause holds back everything but transactional messages
		expected.put("pause over", promotional ? "skipped: Recipient paused messages before it was sent" : "sent: ");
		expected.put("capped, not reached", "sent: ");
		expected.put("out of email only", "skipped: Address suppressed before it was sent");
		if (!promotional) {
			expected.put("paused", "sent: ");
			expected.put("never asked", "sent: ");
		}
		Map<UUID, String> states = states(tenant, broadcast.id());
		Map<String, String> byName = claimed.stream()
			.collect(Collectors.toMap((delivery) -> name(people, delivery), (delivery) -> states.get(delivery.id())));
		assertThat(byName).containsExactlyInAnyOrderEntriesOf(expected);
		long sent = expected.values().stream().filter("sent: "::equals).count();
		BroadcastStats stats = this.broadcasts.stats(admin, broadcast.id());
		assertThat(stats.total()).isEqualTo(admitted.size());
		assertThat(stats.sent()).isEqualTo(sent);
		assertThat(stats.skipped()).isEqualTo(admitted.size() - sent);
	}

	/** A contact with the tag, opted in to SMS, then in the state {@code state} sets. */
	private Contact optedIn(Actor admin, String tag, Consumer<Contact> state) {
		Contact contact = this.fixtures.optedIn(admin, tag, ContactFixtures.person());
		state.accept(contact);
		return contact;
	}

	private static List<String> names(Map<String, Contact> people, List<ClaimedDelivery> claimed) {
		return claimed.stream().map((delivery) -> name(people, delivery)).toList();
	}

	private static String name(Map<String, Contact> people, ClaimedDelivery delivery) {
		return people.entrySet()
			.stream()
			.filter((person) -> person.getValue().getId().value().equals(delivery.contactId()))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElseThrow();
	}

	/**
	 * Each delivery's status and reason, as stored (delivered counts as sent: the
	 * sandbox's receipt may be in already).
	 */
	private Map<UUID, String> states(TwoTenants.TenantFixture tenant, UUID broadcast) {
		return this.transactions.readInTenant(tenant.id(),
				() -> this.jdbc.sql("""
						SELECT id, CASE WHEN status = 'delivered' THEN 'sent' ELSE status END || ': '
						       || coalesce(error_message, '') FROM deliveries
						WHERE tenant_id = ? AND broadcast_id = ?""")
					.params(tenant.id().value(), broadcast)
					.query((rs, row) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
					.list()
					.stream()
					.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
	}

}
