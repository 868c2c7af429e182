package com.herald.dispatch;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.HeraldIntegrationTest;
import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastFixtures.StoredDelivery;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.consent.Channel;
import com.herald.consent.SuppressionService;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.delivery.BroadcastStats;
import com.herald.delivery.DeliveryState;
import com.herald.delivery.RecipientRow;
import com.herald.pricing.PricingService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sending through the scripted stand-in provider with the real workers running: every
 * recipient gets exactly one request, failures fail one delivery only, retries back off,
 * unknown outcomes are reconciled, the breaker holds deliveries back without losing any,
 * and pause, resume and cancel act within two seconds.
 */
@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DispatchIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	ScriptedChannel provider;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	SuppressionService suppressions;

	@Autowired
	PricingService pricing;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcClient jdbc;

	/** A fresh tenant served by the scripted provider, with quiet hours off. */
	private record Sender(TenantId tenant, Actor admin) {
	}

	private Sender sender() {
		TwoTenants two = this.tenancy.twoTenants();
		this.provider.enrol(two.a().id().value());
		this.fixtures.noQuietHours(two.a().id());
		return new Sender(two.a().id(), two.a().admin(this.accounts));
	}

	@Test
	void everyRecipientGetsOnePersonalisedMessageAndTheBroadcastCompletes() {
		Sender sender = sender();
		String tag = BroadcastFixtures.tag();
		List<Contact> audience = this.fixtures.audience(sender.admin(), tag, 30);

		Broadcast broadcast = launch(sender, tag, "Hi {{ contact.first_name }}, 20% off today");
		await("completion", () -> status(sender, broadcast) == BroadcastStatus.COMPLETED);

		List<StoredDelivery> deliveries = this.fixtures.deliveries(sender.tenant(), broadcast.id());
		assertThat(deliveries).hasSize(30).allSatisfy((delivery) -> {
			assertThat(delivery.status()).isEqualTo("sent");
			assertThat(this.provider.requests(delivery.id())).isEqualTo(1);
		});
		assertThat(this.provider.sent(sender.tenant().value())).extracting(ScriptedChannel.Sent::text)
			.containsExactlyInAnyOrderElementsOf(
					audience.stream().map((contact) -> "Hi " + contact.getFirstName() + ", 20% off today").toList());
		BroadcastStats stats = this.broadcasts.stats(sender.admin(), broadcast.id());
		assertThat(stats.sent()).isEqualTo(30);
		assertThat(stats.finished()).isTrue();
		assertThat(stats.queued()).isZero();
		// the platform's US price (0.0083 per segment) times one segment each
		assertThat(stats.costMicros()).isEqualTo(30 * 8300);
		assertThat(stats.perMinute().stream().mapToLong(BroadcastStats.MinuteCount::sent).sum()).isEqualTo(30);
	}

	@Test
	void costSoFarIsWhatWentOutTimesItsSegmentsAtTheTenantsPriceForEachCountry() {
		Sender sender = sender();
		this.pricing.setPrice(sender.admin(), "US", new BigDecimal("0.0079"));
		this.pricing.setPrice(sender.admin(), "GB", new BigDecimal("0.04"));
		String tag = BroadcastFixtures.tag();
		this.fixtures.optedIn(sender.admin(), tag, ContactFixtures.person().timezone("America/New_York"));
		this.fixtures.optedIn(sender.admin(), tag,
				ContactFixtures.person().phone("+447400123456").timezone("Europe/London"));
		Contact heldThenFound = this.fixtures.optedIn(sender.admin(), tag,
				ContactFixtures.person().timezone("America/Chicago"));
		Contact rejected = this.fixtures.optedIn(sender.admin(), tag,
				ContactFixtures.person().timezone("America/Denver"));
		this.provider.script(heldThenFound.getPhone(), ScriptedChannel.Behaviour.UNKNOWN_BUT_SENT);
		this.provider.script(rejected.getPhone(), ScriptedChannel.Behaviour.INVALID_NUMBER);

		// 200 GSM-7 characters: two segments (153 each once split)
		Broadcast broadcast = launch(sender, tag, "x".repeat(200));
		await("completion", () -> status(sender, broadcast) == BroadcastStatus.COMPLETED);

		BroadcastStats stats = this.broadcasts.stats(sender.admin(), broadcast.id());
		assertThat(stats.sent()).isEqualTo(3);
		assertThat(stats.failed()).isEqualTo(1);
		// two US messages (one reconciled after an unknown outcome) and one to GB, two
		// segments each; the rejected one costs nothing
		assertThat(stats.costMicros()).isEqualTo(2 * 2 * 7_900 + 2 * 40_000);
	}

	@Test
	void aBatchGoesOutWithManySendsInFlightSoASlowProviderDoesNotCapTheRate() {
		Sender sender = sender();
		this.provider.latency(sender.tenant().value(), Duration.ofMillis(300));
		String tag = BroadcastFixtures.tag();
		this.fixtures.audience(sender.admin(), tag, 40);

		Broadcast broadcast = launch(sender, tag, "Doors open at nine");
		await("completion", () -> status(sender, broadcast) == BroadcastStatus.COMPLETED);

		// one send at a time per worker would never have more than two in flight
		assertThat(this.provider.mostInFlight(sender.tenant().value())).isGreaterThanOrEqualTo(10);
		assertThat(this.fixtures.deliveries(sender.tenant(), broadcast.id())).hasSize(40)
			.allSatisfy((delivery) -> assertThat(this.provider.requests(delivery.id())).isEqualTo(1));
		BroadcastStats stats = this.broadcasts.stats(sender.admin(), broadcast.id());
		assertThat(stats.sent()).isEqualTo(40);
		assertThat(stats.costMicros()).isEqualTo(40 * 8300);
	}

	@Test
	void aMessageThatCannotBeRenderedForOneRecipientFailsThatDeliveryOnlyWithTheLiquidError() {
		Sender sender = sender();
		String tag = BroadcastFixtures.tag();
		this.fixtures.audience(sender.admin(), tag, 5);
		Contact broken = this.fixtures.optedIn(sender.admin(), tag, ContactFixtures.person().attribute("visits", 0));

		Broadcast broadcast = launch(sender, tag, "Hi {{ contact.first_name }}{% if contact.attributes.visits == 0 %}, "
				+ "{{ 100 | divided_by: contact.attributes.visits }}% off{% endif %}");
		await("completion", () -> status(sender, broadcast) == BroadcastStatus.COMPLETED);

		BroadcastStats stats = this.broadcasts.stats(sender.admin(), broadcast.id());
		assertThat(stats.sent()).isEqualTo(5);
		assertThat(stats.failed()).isEqualTo(1);
		List<RecipientRow> failed = this.broadcasts
			.recipients(sender.admin(), broadcast.id(), DeliveryState.FAILED, null, PageRequest.of(0, 10))
			.getContent();
		assertThat(failed).singleElement().satisfies((row) -> {
			assertThat(row.contactId()).isEqualTo(broken.getId().value());
			assertThat(row.errorCode()).isEqualTo("render");
			assertThat(row.errorMessage()).startsWith("The message could not be rendered: Liquid error: ");
			assertThat(this.provider.requests(row.deliveryId())).isZero();
		});
		assertThat(this.provider.sent(sender.tenant().value())).hasSize(5)
			.allSatisfy((sent) -> assertThat(sent.text()).startsWith("Hi ").doesNotContain("off"));
	}

	@Test
	void cancellingWhileABatchIsBeingRecordedNeitherDeadlocksNorLosesCount() throws Exception {
		Sender sender = sender();
		UUID tenant = sender.tenant().value();
		this.fixtures.quota(sender.tenant(), 10);
		this.provider.latency(tenant, Duration.ofMillis(1500));
		String tag = BroadcastFixtures.tag();
		this.fixtures.audience(sender.admin(), tag, 40);
		Broadcast broadcast = launch(sender, tag, "Last call");
		await("a batch out", () -> this.provider.mostInFlight(tenant) > 0);
		long deadlocks = deadlocks();

		// hold the broadcast row, which recording locks first (Rollups.lockBroadcasts,
		// the house lock order), so the worker stops at the start of recording while the
		// cancel comes in and queues behind it on the same row
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger holder = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<?> row = threads.submit(() -> this.transactions.runInTenant(sender.tenant(), () -> {
				holder.set(this.jdbc.sql("SELECT pg_backend_pid()").query(Integer.class).single());
				this.jdbc.sql("SELECT 1 FROM broadcasts WHERE tenant_id = ? AND id = ? FOR NO KEY UPDATE")
					.params(tenant, broadcast.id())
					.query(Integer.class)
					.single();
				held.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
			held.await();
			int out = this.provider.mostInFlight(tenant);
			await("the batch answered", () -> this.provider.answered(tenant) >= out);
			await("the batch's recording waiting for the broadcast", () -> waitingFor(holder.get()) > 0);
			int recordings = waitingFor(holder.get());
			Future<Broadcast> cancel = threads.submit(() -> this.broadcasts.cancel(sender.admin(), broadcast.id()));
			await("the cancel waiting for the broadcast too", () -> waitingFor(holder.get()) > recordings);
			release.countDown();
			row.get();

			assertThat(cancel.get().status()).isEqualTo(BroadcastStatus.CANCELLED);
		}
		finally {
			release.countDown();
			threads.shutdownNow();
		}
		await("every delivery final",
				() -> this.fixtures.deliveries(sender.tenant(), broadcast.id())
					.stream()
					.noneMatch((delivery) -> List.of("queued", "sending", "held").contains(delivery.status())));
		BroadcastStats stats = this.broadcasts.stats(sender.admin(), broadcast.id());
		assertThat(stats.sent()).isPositive();
		assertThat(stats.skipped()).isPositive();
		assertThat(stats.sent() + stats.failed() + stats.skipped()).isEqualTo(stats.total()).isEqualTo(40);
		List<StoredDelivery> deliveries = this.fixtures.deliveries(sender.tenant(), broadcast.id());
		assertThat(deliveries.stream().filter((delivery) -> delivery.status().equals("sent")))
			.hasSize((int) stats.sent())
			.allSatisfy((delivery) -> assertThat(this.provider.requests(delivery.id())).isEqualTo(1));
		assertThat(status(sender, broadcast)).isEqualTo(BroadcastStatus.CANCELLED);
		// a recording aborted as a deadlock's victim is only logged by its worker
		assertThat(deadlocks()).as("deadlocks PostgreSQL detected").isEqualTo(deadlocks);
	}

	private long deadlocks() {
		return this.jdbc.sql("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
			.query(Long.class)
			.single();
	}

	/**
	 * How many backends wait behind the given one: for its locks, or in line behind a
	 * waiter for them (a row's second waiter waits for the first).
	 */
	private int waitingFor(int pid) {
		return this.jdbc.sql("""
				WITH RECURSIVE waiting (pid) AS (
				    SELECT ? UNION
				    SELECT l.pid FROM pg_locks l JOIN waiting w ON w.pid = ANY (pg_blocking_pids(l.pid))
				    WHERE NOT l.granted)
				SELECT count(*) - 1 FROM waiting""").param(pid).query(Integer.class).single();
	}

	@Test
	void concurrentWorkersNeverClaimTheSameDelivery() throws Exception {
		Sender sender = sender();
		String tag = BroadcastFixtures.tag();
		this.fixtures.audience(sender.admin(), tag, 300);

		Broadcast broadcast = launch(sender, tag, "Flash sale");
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				String name = "test-worker-" + i;
				workers.add(pool.submit(() -> {
					while (status(sender, broadcast) != BroadcastStatus.COMPLETED) {
						this.dispatcher.dispatchOnce(name);
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get();
			}
		}
		finally {
			pool.shutdownNow();
		}

		List<StoredDelivery> deliveries = this.fixtures.deliveries(sender.tenant(), broadcast.id());
		assertThat(deliveries).hasSize(300)
			.allSatisfy((delivery) -> assertThat(this.provider.requests(delivery.id())).isEqualTo(1));
		assertThat(this.provider.sent(sender.tenant().value())).hasSize(300);
		assertThat(this.broadcasts.stats(sender.admin(), broadcast.id()).sent()).isEqualTo(300);
	}

	@Test
	void aPermanentFailureFailsThatDeliveryOnlyAndAnOptedOutRecipientIsSuppressed() {
		Sender sender = sender();
		String tag = BroadcastFixtures.tag();
		this.fixtures.audience(sender.admin(), tag, 3);
		Contact invalid = this.fixtures.optedIn(sender.admin(), tag, ContactFixtures.person());
		Contact optedOut = this.fixtures.optedIn(sender.admin(), tag, ContactFixtures.person());
		this.provider.script(invalid.getPhone(), ScriptedChannel.Behaviour.INVALID_NUMBER);
		this.provider.script(optedOut.getPhone(), ScriptedChannel.Behaviour.OPTED_OUT);

		Broadcast broadcast = launch(sender, tag, "Hello");
		await("completion", () -> status(sender, broadcast) == BroadcastStatus.COMPLETED);

		BroadcastStats stats = this.broadcasts.stats(sender.admin(), broadcast.id());
		assertThat(stats.sent()).isEqualTo(3);
		assertThat(stats.failed()).isEqualTo(2);
		assertThat(stats.sent() + stats.failed() + stats.skipped()).isEqualTo(stats.total());
		List<RecipientRow> deadLetters = this.broadcasts
			.recipients(sender.admin(), broadcast.id(), DeliveryState.FAILED, null, PageRequest.of(0, 10))
			.getContent();
		assertThat(deadLetters).extracting(RecipientRow::address, RecipientRow::errorCode)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(invalid.getPhone(), "21211"),
					org.assertj.core.groups.Tuple.tuple(optedOut.getPhone(), "21610"));
		assertThat(this.suppressions.isSuppressed(sender.tenant(), Channel.SMS, optedOut.getPhone())).isTrue();
		assertThat(this.suppressions.isSuppressed(sender.tenant(), Channel.SMS, invalid.getPhone())).isFalse();

		// the number was fixed at the provider: retrying the dead letters sends it, never
		// the opted-out one
		this.provider.script(invalid.getPhone(), ScriptedChannel.Behaviour.ACCEPT);
		assertThat(this.broadcasts.retryDeadLetters(sender.admin(), broadcast.id(), List.of()).requeued()).isEqualTo(1);
		await("completion after the retry", () -> status(sender, broadcast) == BroadcastStatus.COMPLETED
				&& this.broadcasts.stats(sender.admin(), broadcast.id()).sent() == 4);
		assertThat(this.broadcasts.stats(sender.admin(), broadcast.id()).failed()).isEqualTo(1);
	}

	@Test
	void transientFailuresRetryWithBackoffUntilAttemptsRunOut() {
		Sender sender = sender();
		String tag = BroadcastFixtures.tag();
		Contact flaky = this.fixtures.optedIn(sender.admin(), tag, ContactFixtures.person());
		Contact hopeless = this.fixtures.optedIn(sender.admin(), tag, ContactFixtures.person());
		this.provider.retries(flaky.getPhone(), 2);
		this.provider.retries(hopeless.getPhone(), 100);

		Broadcast broadcast = launch(sender, tag, "Hello");
		await("completion", () -> status(sender, broadcast) == BroadcastStatus.COMPLETED);

		List<StoredDelivery> deliveries = this.fixtures.deliveries(sender.tenant(), broadcast.id());
		StoredDelivery sent = deliveries.stream()
			.filter((delivery) -> delivery.contactId().equals(flaky.getId().value()))
			.findFirst()
			.orElseThrow();
		assertThat(sent.status()).isEqualTo("sent");
		assertThat(sent.attempts()).isEqualTo(3);
		StoredDelivery dead = deliveries.stream()
			.filter((delivery) -> delivery.contactId().equals(hopeless.getId().value()))
			.findFirst()
			.orElseThrow();
		assertThat(dead.status()).isEqualTo("failed");
		assertThat(dead.attempts()).isEqualTo(5);
		assertThat(dead.errorCode()).isEqualTo("429");
		assertThat(this.provider.requests(dead.id())).isEqualTo(5);
	}

	@Test
	void aSendWithAnUnknownOutcomeIsReconciledBeforeAnyRetry() {
		Sender sender = sender();
		String tag = BroadcastFixtures.tag();
		Contact reachedProvider = this.fixtures.optedIn(sender.admin(), tag, ContactFixtures.person());
		Contact neverArrived = this.fixtures.optedIn(sender.admin(), tag, ContactFixtures.person());
		this.provider.script(reachedProvider.getPhone(), ScriptedChannel.Behaviour.UNKNOWN_BUT_SENT);
		this.provider.script(neverArrived.getPhone(), ScriptedChannel.Behaviour.UNKNOWN_NOT_SENT);

		Broadcast broadcast = launch(sender, tag, "Hello");
		await("completion", () -> status(sender, broadcast) == BroadcastStatus.COMPLETED);

		// the provider had the first one: asked, not re-sent; it had no record of the
		// second: sent again, once
		assertThat(this.provider.sent(sender.tenant().value())).extracting(ScriptedChannel.Sent::to)
			.containsExactlyInAnyOrder(reachedProvider.getPhone(), neverArrived.getPhone());
		for (StoredDelivery delivery : this.fixtures.deliveries(sender.tenant(), broadcast.id())) {
			assertThat(delivery.status()).isEqualTo("sent");
			int expected = delivery.contactId().equals(reachedProvider.getId().value()) ? 1 : 2;
			assertThat(this.provider.requests(delivery.id())).isEqualTo(expected);
		}
		assertThat(this.broadcasts.stats(sender.admin(), broadcast.id()).sent()).isEqualTo(2);
	}

	@Test
	void aFailingProviderOpensTheBreakerAndDeliveriesWaitWithNoneLost() {
		Sender sender = sender();
		String tag = BroadcastFixtures.tag();
		this.fixtures.audience(sender.admin(), tag, 20);
		this.provider.down(sender.tenant().value(), true);
		CircuitBreaker breaker = this.dispatcher.breaker(ScriptedChannel.PROVIDER);
		try {
			Broadcast broadcast = launch(sender, tag, "Hello");
			await("the breaker to open", () -> breaker.getState() == CircuitBreaker.State.OPEN);

			BroadcastStats waiting = this.broadcasts.stats(sender.admin(), broadcast.id());
			assertThat(waiting.failed()).isZero();
			assertThat(waiting.sent()).isZero();
			assertThat(status(sender, broadcast)).isEqualTo(BroadcastStatus.SENDING);

			this.provider.down(sender.tenant().value(), false);
			await("completion once the provider is back", () -> status(sender, broadcast) == BroadcastStatus.COMPLETED);
			BroadcastStats done = this.broadcasts.stats(sender.admin(), broadcast.id());
			assertThat(done.sent()).isEqualTo(20);
			assertThat(done.failed()).isZero();
			assertThat(this.provider.sent(sender.tenant().value())).hasSize(20);
		}
		finally {
			this.provider.down(sender.tenant().value(), false);
			breaker.reset();
		}
	}

	@Test
	void pauseResumeAndCancelTakeEffectWithinTwoSecondsAndQuotasHold() throws InterruptedException {
		Sender sender = sender();
		this.fixtures.quota(sender.tenant(), 5);
		String tag = BroadcastFixtures.tag();
		this.fixtures.audience(sender.admin(), tag, 60);

		Instant started = Instant.now();
		Broadcast broadcast = launch(sender, tag, "Slowly");
		await("some sends", () -> this.provider.sent(sender.tenant().value()).size() >= 5);

		this.broadcasts.pause(sender.admin(), broadcast.id());
		Thread.sleep(2000);
		int atPause = this.provider.sent(sender.tenant().value()).size();
		Thread.sleep(1500);
		assertThat(this.provider.sent(sender.tenant().value())).hasSize(atPause);
		assertThat(status(sender, broadcast)).isEqualTo(BroadcastStatus.PAUSED);
		// 5 a second with a burst of 5: never more than that since the start
		double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
		assertThat(atPause).isLessThanOrEqualTo((int) (5 + 5 * seconds) + 1);

		this.broadcasts.resume(sender.admin(), broadcast.id());
		await("sends after resuming", () -> this.provider.sent(sender.tenant().value()).size() > atPause);

		this.broadcasts.cancel(sender.admin(), broadcast.id());
		Thread.sleep(2000);
		int atCancel = this.provider.sent(sender.tenant().value()).size();
		Thread.sleep(1500);
		assertThat(this.provider.sent(sender.tenant().value())).hasSize(atCancel);
		BroadcastStats stats = this.broadcasts.stats(sender.admin(), broadcast.id());
		assertThat(status(sender, broadcast)).isEqualTo(BroadcastStatus.CANCELLED);
		assertThat(stats.skipped()).isPositive();
		assertThat(stats.sent()).isEqualTo(atCancel);
		assertThat(stats.sent() + stats.failed() + stats.skipped()).isEqualTo(stats.total()).isEqualTo(60);
		assertThat(this.provider.sent(sender.tenant().value())
			.stream()
			.map(ScriptedChannel.Sent::deliveryId)
			.collect(Collectors.toSet())).hasSize(atCancel);
	}

	private Broadcast launch(Sender sender, String tag, String body) {
		Broadcast broadcast = this.broadcasts.create(sender.admin(), BroadcastFixtures.sms(tag, body));
		return this.broadcasts.schedule(sender.admin(), broadcast.id());
	}

	private BroadcastStatus status(Sender sender, Broadcast broadcast) {
		return this.broadcasts.get(sender.admin(), broadcast.id()).status();
	}

}
