package com.herald.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.HeraldIntegrationTest;
import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.broadcast.ChannelMode;
import com.herald.broadcast.Schedule;
import com.herald.channel.DeliveryStatus;
import com.herald.channel.EngagementEvent;
import com.herald.channel.StatusUpdate;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.delivery.BroadcastStats;
import com.herald.delivery.ChannelStats;
import com.herald.delivery.DeliveryStatusRecorder;
import com.herald.template.EmailContent;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runtime fallback ("SMS, else email") beside the stand-in providers: transient failures
 * that run out of attempts stay on their channel; consent for the next channel is checked
 * when the failure is reported, not at launch; many reports of one failure arriving at
 * once (undelivered receipts and bounces) queue one fallback; and the counters add up.
 */
@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeFallbackIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	ScriptedChannel sms;

	@Autowired
	RecordingEmailChannel email;

	@Autowired
	DeliveryStatusRecorder recorder;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TenantTransactions transactions;

	TwoTenants.TenantFixture tenant;

	Actor admin;

	@BeforeAll
	void createTenant() {
		this.tenant = this.tenancy.tenant();
		this.admin = this.tenant.admin(this.accounts);
		this.sms.enrol(this.tenant.id().value());
		this.email.enrol(this.tenant.id().value());
		this.fixtures.noQuietHours(this.tenant.id());
	}

	@Test // #5
	void transientFailuresStayOnTheirChannelAndConsentIsCheckedWhenTheFailureIsReported() {
		String tag = BroadcastFixtures.tag();
		Contact hopeless = person(tag, "Hope", true);
		Contact optsOut = person(tag, "Otto", true);
		Contact optsIn = person(tag, "Ivy", false);
		this.sms.retries(hopeless.getPhone(), 100);

		Broadcast broadcast = launched(tag);
		assertThat(deliveries(broadcast)).containsExactlyInAnyOrder("Hope:sms:0:failed", "Otto:sms:0:sent",
				"Ivy:sms:0:sent");

		// after launch, one withdraws email consent and the other gives it; then both
		// texts are reported undelivered
		this.consent.record(this.admin, optsOut.getId(), Channel.EMAIL, ConsentStatus.OPTED_OUT, ConsentSource.FORM,
				"Stop emailing me", "192.0.2.1", null);
		optIn(optsIn, Channel.EMAIL);
		undelivered(broadcast, optsOut);
		undelivered(broadcast, optsIn);
		await("the fallback", () -> status(broadcast) == BroadcastStatus.COMPLETED
				&& deliveries(broadcast).contains("Ivy:email:1:sent"));

		assertThat(deliveries(broadcast)).containsExactlyInAnyOrder("Hope:sms:0:failed", "Otto:sms:0:undelivered",
				"Ivy:sms:0:undelivered", "Ivy:email:1:sent");
		assertThat(this.email.received(this.tenant.id().value())
			.stream()
			.filter((message) -> message.metadata().get("broadcastId").equals(broadcast.id().toString()))
			.map((message) -> message.to())).containsExactly(optsIn.getEmail());
		assertAddsUp(broadcast, 4, 1);
	}

	@Test // #5
	void reportsOfOneFailureArrivingAtOnceQueueOneFallback() throws Exception {
		String tag = BroadcastFixtures.tag();
		Contact bounced = person(tag, "Bea", true);
		Broadcast broadcast = launched(tag);
		UUID failed = delivery(broadcast, bounced, Channel.SMS);
		String messageId = this.transactions.readInTenant(this.tenant.id(),
				() -> this.jdbc.sql("SELECT provider_message_id FROM deliveries WHERE tenant_id = ? AND id = ?")
					.params(this.tenant.id().value(), failed)
					.query(String.class)
					.single());

		int reports = 8;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> done = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(reports)) {
			for (int i = 0; i < reports; i++) {
				boolean receipt = i % 2 == 0;
				done.add(threads.submit(() -> {
					start.await();
					if (receipt) {
						this.recorder.apply(ScriptedChannel.PROVIDER, List.of(new StatusUpdate(failed, messageId,
								DeliveryStatus.UNDELIVERED, Instant.now(), "30003", "Unreachable")), List.of());
					}
					else {
						this.recorder.apply(ScriptedChannel.PROVIDER, List.of(), List.of(new EngagementEvent(failed,
								messageId, EngagementEvent.Type.BOUNCED, Instant.now(), "unreachable")));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> report : done) {
				report.get();
			}
		}
		await("the fallback", () -> status(broadcast) == BroadcastStatus.COMPLETED
				&& deliveries(broadcast).contains("Bea:email:1:sent"));

		assertThat(deliveries(broadcast)).containsExactlyInAnyOrder("Bea:sms:0:undelivered", "Bea:email:1:sent");
		assertThat(this.email.received(this.tenant.id().value())
			.stream()
			.filter((message) -> message.metadata().get("broadcastId").equals(broadcast.id().toString()))).hasSize(1);
		assertAddsUp(broadcast, 2, 1);
	}

	private void assertAddsUp(Broadcast broadcast, long total, long fellBack) {
		BroadcastStats stats = this.broadcasts.stats(this.admin, broadcast.id());
		assertThat(stats.total()).isEqualTo(total);
		assertThat(stats.sent() + stats.failed() + stats.skipped()).isEqualTo(stats.total());
		List<ChannelStats> perChannel = this.broadcasts.channelStats(this.admin, broadcast.id());
		assertThat(perChannel).extracting(ChannelStats::channel, ChannelStats::fellBack, ChannelStats::fallbacks)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Channel.SMS, fellBack, 0L),
					org.assertj.core.groups.Tuple.tuple(Channel.EMAIL, 0L, fellBack));
		for (ChannelStats channel : perChannel) {
			assertThat(channel.sent() + channel.failed() + channel.skipped()).as(channel.channel().key())
				.isEqualTo(channel.total());
		}
		assertThat(perChannel.stream().mapToLong(ChannelStats::total).sum()).isEqualTo(total);
	}

	private Broadcast launched(String tag) {
		Broadcast broadcast = this.broadcasts.create(this.admin,
				new BroadcastDraft("Fallback " + tag, null, List.of(Channel.SMS, Channel.EMAIL), ChannelMode.FALLBACK,
						BroadcastFixtures.tagged(tag), null, "Hi {{ contact.first_name }}", "promotional", Schedule.NOW,
						0),
				new EmailContent("{{ contact.first_name }}, our sale", null, "<p>Sale today</p>"));
		this.broadcasts.schedule(this.admin, broadcast.id());
		await("the SMS round", () -> status(broadcast) == BroadcastStatus.COMPLETED);
		return broadcast;
	}

	private Contact person(String tag, String name, boolean emailConsent) {
		Contact contact = this.contacts.create(this.admin,
				ContactFixtures.person()
					.firstName(name)
					.phone(ContactFixtures.usPhone())
					.timezone("America/New_York")
					.tag(tag)
					.build());
		optIn(contact, Channel.SMS);
		if (emailConsent) {
			optIn(contact, Channel.EMAIL);
		}
		return contact;
	}

	private void optIn(Contact contact, Channel channel) {
		this.consent.record(this.admin, contact.getId(), channel, ConsentStatus.OPTED_IN, ConsentSource.FORM, "Yes",
				"192.0.2.1", null);
	}

	private void undelivered(Broadcast broadcast, Contact contact) {
		UUID id = delivery(broadcast, contact, Channel.SMS);
		this.recorder.apply(ScriptedChannel.PROVIDER,
				List.of(new StatusUpdate(id, "SM" + id, DeliveryStatus.UNDELIVERED, Instant.now(), "30003", "Unknown")),
				List.of());
	}

	private BroadcastStatus status(Broadcast broadcast) {
		return this.broadcasts.get(this.admin, broadcast.id()).status();
	}

	/** Each delivery as "first name:channel:step:status". */
	private List<String> deliveries(Broadcast broadcast) {
		return this.transactions.readInTenant(this.tenant.id(),
				() -> this.jdbc.sql("""
						SELECT c.first_name || ':' || d.channel || ':' || d.step || ':' || d.status
						FROM deliveries d JOIN contacts c ON c.tenant_id = d.tenant_id AND c.id = d.contact_id
						WHERE d.tenant_id = ? AND d.broadcast_id = ?""")
					.params(this.tenant.id().value(), broadcast.id())
					.query(String.class)
					.list());
	}

	private UUID delivery(Broadcast broadcast, Contact contact, Channel channel) {
		return this.transactions.readInTenant(this.tenant.id(), () -> this.jdbc
			.sql("""
					SELECT id FROM deliveries WHERE tenant_id = ? AND broadcast_id = ? AND contact_id = ? AND channel = ?""")
			.params(this.tenant.id().value(), broadcast.id(), contact.getId().value(), channel.key())
			.query(UUID.class)
			.single());
	}

}
