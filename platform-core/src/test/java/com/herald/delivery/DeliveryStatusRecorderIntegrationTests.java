package com.herald.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.HeraldIntegrationTest;
import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastFixtures.StoredDelivery;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.channel.DeliveryStatus;
import com.herald.channel.EngagementEvent;
import com.herald.channel.StatusUpdate;
import com.herald.consent.Channel;
import com.herald.consent.SuppressionService;
import com.herald.contact.Contact;
import com.herald.dispatch.ScriptedChannel;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provider reports and replies: repeated and reordered callbacks change a delivery and
 * its broadcast's rollups once, forwards only, in the delivery's own tenant.
 */
@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryStatusRecorderIntegrationTests {

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
	DeliveryStatusRecorder recorder;

	@Autowired
	SuppressionService suppressions;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	RollupFolding folding;

	@Autowired
	DeliveryQueue queue;

	@Test
	void repeatedAndLateCallbacksCountOnceAndNeverMoveBackwards() {
		TwoTenants two = this.tenancy.twoTenants();
		Sent sent = sendTo(two.a().id(), two.a().admin(this.accounts), 2);
		Sent other = sendTo(two.b().id(), two.b().admin(this.accounts), 1);
		StoredDelivery first = sent.deliveries().get(0);
		String sid = "SM" + first.id().toString().replace("-", "");
		Instant now = Instant.now();

		StatusUpdate delivered = new StatusUpdate(null, sid, DeliveryStatus.DELIVERED, now, null, null);
		this.recorder.apply(ScriptedChannel.PROVIDER, List.of(delivered, delivered), List.of());
		this.recorder.apply(ScriptedChannel.PROVIDER,
				List.of(new StatusUpdate(first.id(), sid, DeliveryStatus.SENT, now.minusSeconds(5), null, null),
						new StatusUpdate(first.id(), sid, DeliveryStatus.UNDELIVERED, now, "30003", "Unreachable")),
				List.of());
		this.recorder.apply(ScriptedChannel.PROVIDER,
				List.of(new StatusUpdate(null, "SM-unknown", DeliveryStatus.DELIVERED, now, null, null)), List.of());

		assertThat(state(two.a().id(), first.id())).isEqualTo("delivered");
		BroadcastStats stats = this.broadcasts.stats(sent.admin(), sent.broadcast().id());
		assertThat(stats.sent()).isEqualTo(2);
		assertThat(stats.delivered()).isEqualTo(1);
		assertThat(stats.undelivered()).isZero();
		assertThat(stats.pending()).isEqualTo(1);
		assertThat(events(two.a().id(), first.id())).containsExactlyInAnyOrder("delivered", "sent", "undelivered");
		// the other tenant's broadcast saw none of it
		assertThat(this.broadcasts.stats(other.admin(), other.broadcast().id()).delivered()).isZero();
	}

	@Test
	void aReplyCountsForTheLastBroadcastThatReachedTheContactAndAnUnsubscribeSuppresses() {
		TwoTenants two = this.tenancy.twoTenants();
		Sent sent = sendTo(two.a().id(), two.a().admin(this.accounts), 1);
		StoredDelivery delivery = sent.deliveries().get(0);

		this.recorder.replied(two.a().id(), delivery.contactId(), Channel.SMS, true, Instant.now());
		this.recorder.apply(ScriptedChannel.PROVIDER, List.of(), List
			.of(new EngagementEvent(delivery.id(), null, EngagementEvent.Type.UNSUBSCRIBED, Instant.now(), null)));
		this.recorder.apply(ScriptedChannel.PROVIDER, List.of(), List
			.of(new EngagementEvent(delivery.id(), null, EngagementEvent.Type.UNSUBSCRIBED, Instant.now(), null)));

		BroadcastStats stats = this.broadcasts.stats(sent.admin(), sent.broadcast().id());
		assertThat(stats.replies()).isEqualTo(1);
		assertThat(stats.optOuts()).isEqualTo(2);
		assertThat(this.suppressions.isSuppressed(two.a().id(), Channel.SMS, sent.contacts().get(0).getPhone()))
			.isTrue();
	}

	/**
	 * A cancel locks the broadcast, then skips its queued deliveries with their counter
	 * deltas. A held send's report that completes the broadcast must wait for the
	 * broadcast before it takes the delivery or the counters, or the two deadlock (one of
	 * them is aborted).
	 */
	@Test
	void aHeldSendsReportWaitsForTheBroadcastBeforeTakingTheCountersACancelHolds() throws Exception {
		TwoTenants two = this.tenancy.twoTenants();
		TenantId tenant = two.a().id();
		Sent sent = sendTo(tenant, two.a().admin(this.accounts), 2);
		StoredDelivery held = sent.deliveries().get(0);
		reopen(tenant, sent.broadcast().id(), List.of(held.id()), List.of());

		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch go = new CountDownLatch(1);
		AtomicInteger cancelPid = new AtomicInteger();
		// cancel's steps one by one: the broadcast, then its queued deliveries and their
		// counter deltas
		// own threads: the common pool may have a single one on a small machine
		ExecutorService threads = Executors.newFixedThreadPool(2);
		CompletableFuture<Void> cancel = CompletableFuture.runAsync(() -> this.transactions.runInTenant(tenant, () -> {
			cancelPid.set(this.jdbc.sql("SELECT pg_backend_pid()").query(Integer.class).single());
			this.jdbc.sql("SELECT id FROM broadcasts WHERE tenant_id = ? AND id = ? FOR UPDATE")
				.params(tenant.value(), sent.broadcast().id())
				.query()
				.listOfRows();
			locked.countDown();
			awaitLatch(go);
			this.jdbc.sql("SET LOCAL lock_timeout = '5s'").update();
			this.queue.skipQueued(tenant, sent.broadcast().id(), "cancelled");
			this.jdbc
				.sql("UPDATE broadcasts SET status = 'cancelled', finished_at = now() WHERE tenant_id = ? AND id = ?")
				.params(tenant.value(), sent.broadcast().id())
				.update();
		}), threads);
		awaitLatch(locked);
		CompletableFuture<Void> report = CompletableFuture.runAsync(() -> this.recorder.apply(ScriptedChannel.PROVIDER,
				List.of(new StatusUpdate(held.id(), null, DeliveryStatus.DELIVERED, Instant.now(), null, null)),
				List.of()), threads);
		BroadcastFixtures.await("the report waiting for the cancel",
				() -> this.jdbc.sql("""
						SELECT count(*) FROM pg_locks WHERE NOT granted AND ? = ANY (pg_blocking_pids(pid))""")
					.param(cancelPid.get())
					.query(Integer.class)
					.single() > 0);
		go.countDown();

		cancel.get(20, TimeUnit.SECONDS);
		report.get(20, TimeUnit.SECONDS);
		threads.close();
		assertThat(state(tenant, held.id())).isEqualTo("delivered");
		assertThat(this.broadcasts.get(sent.admin(), sent.broadcast().id()).status())
			.isEqualTo(BroadcastStatus.CANCELLED);
		BroadcastStats stats = this.broadcasts.stats(sent.admin(), sent.broadcast().id());
		assertThat(stats.sent()).isEqualTo(2);
		assertThat(stats.delivered()).isEqualTo(1);
	}

	@Test
	void heldSendsReportsAndACancelRunningTogetherAllFinishAndTheCountsAddUp() throws Exception {
		TwoTenants two = this.tenancy.twoTenants();
		TenantId tenant = two.a().id();
		ExecutorService threads = Executors.newFixedThreadPool(8);
		for (int round = 0; round < 3; round++) {
			Sent sent = sendTo(tenant, two.a().admin(this.accounts), 10);
			List<StoredDelivery> held = sent.deliveries().subList(0, 7);
			List<StoredDelivery> queued = sent.deliveries().subList(7, 10);
			reopen(tenant, sent.broadcast().id(), held.stream().map(StoredDelivery::id).toList(),
					queued.stream().map(StoredDelivery::id).toList());

			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Void>> all = new ArrayList<>();
			for (StoredDelivery delivery : held) {
				all.add(CompletableFuture.runAsync(() -> {
					awaitLatch(start);
					this.recorder.apply(ScriptedChannel.PROVIDER, List
						.of(new StatusUpdate(delivery.id(), null, DeliveryStatus.DELIVERED, Instant.now(), null, null)),
							List.of());
				}, threads));
			}
			all.add(CompletableFuture.runAsync(() -> {
				awaitLatch(start);
				this.broadcasts.cancel(sent.admin(), sent.broadcast().id());
			}, threads));
			start.countDown();
			CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

			assertThat(this.broadcasts.get(sent.admin(), sent.broadcast().id()).status())
				.isEqualTo(BroadcastStatus.CANCELLED);
			BroadcastStats stats = this.broadcasts.stats(sent.admin(), sent.broadcast().id());
			assertThat(stats.sent()).isEqualTo(10 - 3);
			assertThat(stats.delivered()).isEqualTo(7);
			assertThat(stats.skipped()).isEqualTo(3);
			assertThat(stats.sent() + stats.failed() + stats.skipped()).isEqualTo(stats.total());
		}
		threads.close();
	}

	/**
	 * Status callbacks append counter deltas that the folding job moves into the counter
	 * rows while they arrive: the broadcast page's counts never lose or double one (sent
	 * + failed + skipped = total throughout), and end exact.
	 */
	@Test
	void concurrentCallbacksWhileCountersAreFoldedCountEachOnceAndReadersStayExact() throws Exception {
		TwoTenants two = this.tenancy.twoTenants();
		TenantId tenant = two.a().id();
		Sent sent = sendTo(tenant, two.a().admin(this.accounts), 40);
		UUID broadcastId = sent.broadcast().id();
		ExecutorService threads = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Void>> callbacks = new ArrayList<>();
		for (StoredDelivery delivery : sent.deliveries()) {
			StatusUpdate report = new StatusUpdate(delivery.id(), null, DeliveryStatus.DELIVERED, Instant.now(), null,
					null);
			callbacks.add(CompletableFuture.runAsync(() -> {
				awaitLatch(start);
				// each one twice: a provider may repeat a callback
				this.recorder.apply(ScriptedChannel.PROVIDER, tenant, List.of(report));
				this.recorder.apply(ScriptedChannel.PROVIDER, tenant, List.of(report));
			}, threads));
		}
		CompletableFuture<Void> all = CompletableFuture.allOf(callbacks.toArray(CompletableFuture[]::new));
		start.countDown();
		long seen = 0;
		while (!all.isDone()) {
			this.folding.foldAll();
			BroadcastStats now = this.broadcasts.stats(sent.admin(), broadcastId);
			assertThat(now.sent() + now.failed() + now.skipped()).isEqualTo(now.total()).isEqualTo(40);
			assertThat(now.delivered()).isBetween(seen, 40L);
			seen = now.delivered();
		}
		all.get(30, TimeUnit.SECONDS);
		threads.close();

		assertThat(this.broadcasts.stats(sent.admin(), broadcastId).delivered()).isEqualTo(40);
		assertThat(this.broadcasts.channelStats(sent.admin(), broadcastId)).singleElement()
			.satisfies((sms) -> assertThat(sms.delivered()).isEqualTo(40));
		this.folding.foldAll();
		this.transactions.runInTenant(tenant, () -> {
			assertThat(this.jdbc.sql("SELECT count(*) FROM broadcast_stat_deltas WHERE broadcast_id = ?")
				.param(broadcastId)
				.query(Long.class)
				.single()).as("deltas left after folding").isZero();
			assertThat(this.jdbc.sql("SELECT delivered FROM broadcast_stats WHERE broadcast_id = ?")
				.param(broadcastId)
				.query(Long.class)
				.single()).isEqualTo(40);
		});
	}

	@Test
	void heldSendsReportedTogetherWhileCountersAreFoldedStillCompleteTheBroadcast() throws Exception {
		TwoTenants two = this.tenancy.twoTenants();
		TenantId tenant = two.a().id();
		Sent sent = sendTo(tenant, two.a().admin(this.accounts), 12);
		reopen(tenant, sent.broadcast().id(), sent.deliveries().stream().map(StoredDelivery::id).toList(), List.of());
		assertThat(this.broadcasts.get(sent.admin(), sent.broadcast().id()).status())
			.isEqualTo(BroadcastStatus.SENDING);
		ExecutorService threads = Executors.newFixedThreadPool(4);
		List<CompletableFuture<Void>> all = new ArrayList<>();
		for (StoredDelivery delivery : sent.deliveries()) {
			all.add(CompletableFuture.runAsync(() -> {
				this.recorder.apply(ScriptedChannel.PROVIDER, tenant, List
					.of(new StatusUpdate(delivery.id(), null, DeliveryStatus.DELIVERED, Instant.now(), null, null)));
				this.folding.foldAll();
			}, threads));
		}
		CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		threads.close();

		assertThat(this.broadcasts.get(sent.admin(), sent.broadcast().id()).status())
			.isEqualTo(BroadcastStatus.COMPLETED);
		BroadcastStats stats = this.broadcasts.stats(sent.admin(), sent.broadcast().id());
		assertThat(stats.sent()).isEqualTo(12).isEqualTo(stats.total());
		assertThat(stats.delivered()).isEqualTo(12);
	}

	@Test
	void aReportForTheVerifiedTenantChangesNothingOfAnotherTenantsDelivery() {
		TwoTenants two = this.tenancy.twoTenants();
		Sent sent = sendTo(two.a().id(), two.a().admin(this.accounts), 1);
		StoredDelivery theirs = sent.deliveries().get(0);
		List<String> eventsBefore = events(two.a().id(), theirs.id());

		this.recorder.apply(ScriptedChannel.PROVIDER, two.b().id(),
				List.of(new StatusUpdate(theirs.id(), null, DeliveryStatus.DELIVERED, Instant.now(), null, null)));

		assertThat(state(two.a().id(), theirs.id())).isEqualTo("sent");
		assertThat(events(two.a().id(), theirs.id())).isEqualTo(eventsBefore).doesNotContain("delivered");
		assertThat(this.transactions.readInTenant(two.b().id(),
				() -> this.jdbc.sql("SELECT count(*) FROM delivery_events WHERE delivery_id = ?")
					.param(theirs.id())
					.query(Long.class)
					.single()))
			.isZero();
		assertThat(this.broadcasts.stats(sent.admin(), sent.broadcast().id()).delivered()).isZero();
	}

	/**
	 * Puts a completed broadcast back to where it was mid-send: sending, with some sends
	 * held (their outcome unknown; not yet due for reconciliation) and some still queued
	 * (not yet due), counted as neither sent nor paid for.
	 */
	private void reopen(TenantId tenant, UUID broadcastId, List<UUID> held, List<UUID> queued) {
		this.transactions.runInTenant(tenant, () -> {
			UUID[] ids = java.util.stream.Stream.concat(held.stream(), queued.stream()).toArray(UUID[]::new);
			long cost = this.jdbc
				.sql("SELECT coalesce(sum(cost_micros), 0) FROM deliveries WHERE tenant_id = ? AND id = ANY (?)")
				.params(tenant.value(), ids)
				.query(Long.class)
				.single();
			for (String table : List.of("broadcast_stats", "broadcast_channel_stats")) {
				this.jdbc
					.sql("UPDATE " + table + " SET sent = sent - ?, cost_micros = cost_micros - ?"
							+ " WHERE tenant_id = ? AND broadcast_id = ?")
					.params(ids.length, cost, tenant.value(), broadcastId)
					.update();
			}
			this.jdbc.sql("UPDATE broadcasts SET status = 'sending', finished_at = NULL WHERE tenant_id = ? AND id = ?")
				.params(tenant.value(), broadcastId)
				.update();
			this.jdbc.sql("""
					UPDATE deliveries SET status = 'held', claimed_at = now() + interval '1 hour'
					WHERE tenant_id = ? AND id = ANY (?)""").params(tenant.value(), held.toArray(UUID[]::new)).update();
			this.jdbc.sql("""
					UPDATE deliveries SET status = 'queued', not_before = now() + interval '1 hour', claimed_by = NULL,
					    provider_message_id = NULL, sent_at = NULL
					WHERE tenant_id = ? AND id = ANY (?)""")
				.params(tenant.value(), queued.toArray(UUID[]::new))
				.update();
		});
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(20, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Sent(Actor admin, Broadcast broadcast, List<Contact> contacts, List<StoredDelivery> deliveries) {
	}

	private Sent sendTo(TenantId tenant, Actor admin, int count) {
		this.provider.enrol(tenant.value());
		this.fixtures.noQuietHours(tenant);
		String tag = BroadcastFixtures.tag();
		List<Contact> contacts = this.fixtures.audience(admin, tag, count);
		Broadcast broadcast = this.broadcasts.create(admin, BroadcastFixtures.sms(tag, "Hello"));
		this.broadcasts.schedule(admin, broadcast.id());
		await("completion", () -> this.broadcasts.get(admin, broadcast.id()).status() == BroadcastStatus.COMPLETED);
		return new Sent(admin, broadcast, contacts, this.fixtures.deliveries(tenant, broadcast.id()));
	}

	private String state(TenantId tenant, UUID delivery) {
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql("SELECT status FROM deliveries WHERE tenant_id = ? AND id = ?")
					.params(tenant.value(), delivery)
					.query(String.class)
					.single());
	}

	private List<String> events(TenantId tenant, UUID delivery) {
		return this.transactions.readInTenant(tenant,
				() -> this.jdbc.sql("SELECT kind FROM delivery_events WHERE tenant_id = ? AND delivery_id = ?")
					.params(tenant.value(), delivery)
					.query(String.class)
					.list());
	}

}
