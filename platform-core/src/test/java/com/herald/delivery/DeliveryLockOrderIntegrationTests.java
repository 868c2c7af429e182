package com.herald.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.HeraldIntegrationTest;
import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastFixtures.StoredDelivery;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.channel.SendResult;
import com.herald.consent.Channel;
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
 * The engine's lock order (broadcasts in id order, then deliveries, then counters) under
 * contention: a worker recording a batch across two broadcasts, contacts' queued
 * deliveries skipped ({@link DeliveryQueue#skipQueuedForContact}, an unsubscribe) and a
 * cancel, all at once and many times over, never deadlock and leave exact counts.
 */
@HeraldIntegrationTest
class DeliveryLockOrderIntegrationTests {

	private static final int ROUNDS = 8;

	/** A third recorded, a third skipped by contact, a third left to the cancel. */
	private static final int CONTACTS = 9;

	private static final int THIRD = CONTACTS / 3;

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
	DeliveryQueue queue;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TenantTransactions transactions;

	@Test
	void skippingAContactsDeliveriesWhileABatchIsRecordedAndABroadcastCancelledNeverDeadlocks() throws Exception {
		TwoTenants two = this.tenancy.twoTenants();
		TenantId tenant = two.a().id();
		Actor admin = two.a().admin(this.accounts);
		this.provider.enrol(tenant.value());
		this.fixtures.noQuietHours(tenant);
		long deadlocksBefore = deadlocks();
		ExecutorService threads = Executors.newFixedThreadPool(THIRD + 2);
		try {
			for (int round = 0; round < ROUNDS; round++) {
				String tag = BroadcastFixtures.tag();
				List<Contact> contacts = this.fixtures.audience(admin, tag, CONTACTS);
				Broadcast kept = sent(admin, tag);
				Broadcast cancelled = sent(admin, tag);
				// a batch claimed across both broadcasts; the skipped third queued in
				// both;
				// the last third queued in the cancelled broadcast only, so its cancel
				// always has work left
				List<UUID> ids = contacts.stream().map((contact) -> contact.getId().value()).toList();
				List<UUID> recordedInBoth = ids.subList(0, THIRD);
				List<UUID> skipped = ids.subList(THIRD, 2 * THIRD);
				List<UUID> recordedInKept = new ArrayList<>(recordedInBoth);
				recordedInKept.addAll(ids.subList(2 * THIRD, CONTACTS));
				List<ClaimedDelivery> batch = new ArrayList<>(reopen(tenant, kept.id(), recordedInKept));
				batch.addAll(reopen(tenant, cancelled.id(), recordedInBoth));

				CountDownLatch start = new CountDownLatch(1);
				List<CompletableFuture<?>> all = new ArrayList<>();
				all.add(CompletableFuture.runAsync(() -> {
					awaitLatch(start);
					this.queue.record(tenant, Channel.SMS,
							batch.stream()
								.map((delivery) -> new SendOutcome(delivery,
										SendResult.accepted(delivery.id(), "SM" + delivery.id()), null))
								.toList());
				}, threads));
				for (UUID contact : skipped) {
					all.add(CompletableFuture.supplyAsync(() -> {
						awaitLatch(start);
						return this.queue.skipQueuedForContact(tenant, contact, Channel.SMS, null, true,
								"unsubscribed");
					}, threads));
				}
				all.add(CompletableFuture.runAsync(() -> {
					awaitLatch(start);
					this.broadcasts.cancel(admin, cancelled.id());
				}, threads));
				start.countDown();
				// a deadlock aborts one of them: its future fails
				CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

				assertCounts(tenant, admin, kept, recordedInKept, round);
				assertCounts(tenant, admin, cancelled, recordedInBoth, round);
				assertThat(this.broadcasts.get(admin, kept.id()).status()).isEqualTo(BroadcastStatus.COMPLETED);
				assertThat(this.broadcasts.get(admin, cancelled.id()).status()).isEqualTo(BroadcastStatus.CANCELLED);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(deadlocks()).as("deadlocks PostgreSQL detected").isEqualTo(deadlocksBefore);
	}

	private void assertCounts(TenantId tenant, Actor admin, Broadcast broadcast, List<UUID> recorded, int round) {
		BroadcastStats stats = this.broadcasts.stats(admin, broadcast.id());
		assertThat(stats.sent()).as("round %d sent", round).isEqualTo(recorded.size());
		assertThat(stats.skipped()).as("round %d skipped", round).isEqualTo(CONTACTS - recorded.size());
		assertThat(stats.sent() + stats.failed() + stats.skipped()).isEqualTo(stats.total()).isEqualTo(CONTACTS);
		assertThat(this.fixtures.deliveries(tenant, broadcast.id()))
			.allSatisfy((delivery) -> assertThat(delivery.status())
				.isEqualTo(recorded.contains(delivery.contactId()) ? "sent" : "skipped"));
	}

	/** A broadcast to the tagged contacts, sent by the scripted provider. */
	private Broadcast sent(Actor admin, String tag) {
		Broadcast broadcast = this.broadcasts.create(admin, BroadcastFixtures.sms(tag, "Hello"));
		this.broadcasts.schedule(admin, broadcast.id());
		await("completion", () -> this.broadcasts.get(admin, broadcast.id()).status() == BroadcastStatus.COMPLETED);
		return broadcast;
	}

	/**
	 * Puts a sent broadcast back mid-send: the claimed contacts' deliveries claimed by a
	 * worker (this test), the others queued but not yet due (so the real workers leave
	 * them alone), none counted sent.
	 * @return the claimed deliveries
	 */
	private List<ClaimedDelivery> reopen(TenantId tenant, UUID broadcastId, List<UUID> claimedContacts) {
		List<UUID> claimed = new ArrayList<>();
		List<UUID> queued = new ArrayList<>();
		for (StoredDelivery delivery : this.fixtures.deliveries(tenant, broadcastId)) {
			(claimedContacts.contains(delivery.contactId()) ? claimed : queued).add(delivery.id());
		}
		this.transactions.runInTenant(tenant, () -> {
			for (String table : List.of("broadcast_stats", "broadcast_channel_stats")) {
				this.jdbc.sql("UPDATE " + table + " SET sent = sent - ? WHERE tenant_id = ? AND broadcast_id = ?")
					.params(CONTACTS, tenant.value(), broadcastId)
					.update();
			}
			this.jdbc.sql("UPDATE broadcasts SET status = 'sending', finished_at = NULL WHERE tenant_id = ? AND id = ?")
				.params(tenant.value(), broadcastId)
				.update();
			this.jdbc.sql("""
					UPDATE deliveries SET status = 'sending', claimed_by = 'lock-order-test',
					    claimed_at = now() + interval '1 hour', provider_message_id = NULL, sent_at = NULL
					WHERE tenant_id = ? AND id = ANY (?)""")
				.params(tenant.value(), claimed.toArray(UUID[]::new))
				.update();
			this.jdbc.sql("""
					UPDATE deliveries SET status = 'queued', not_before = now() + interval '1 hour', claimed_by = NULL,
					    provider_message_id = NULL, sent_at = NULL
					WHERE tenant_id = ? AND id = ANY (?)""")
				.params(tenant.value(), queued.toArray(UUID[]::new))
				.update();
		});
		return claimed.stream().map((id) -> this.queue.find(tenant, id).orElseThrow()).toList();
	}

	private long deadlocks() {
		return this.jdbc.sql("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
			.query(Long.class)
			.single();
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

}
