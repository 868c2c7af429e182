package com.herald.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
