package com.herald.preference;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.HeraldIntegrationTest;
import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastFixtures.StoredDelivery;
import com.herald.broadcast.BroadcastReview.Exclusion;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.broadcast.Schedule;
import com.herald.consent.Channel;
import com.herald.consent.ConsentRecord;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.consent.MessagingSettings;
import com.herald.consent.PreferenceService;
import com.herald.consent.QuietHours;
import com.herald.consent.Reachability;
import com.herald.consent.SuppressionReason;
import com.herald.consent.SuppressionService;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.template.EmailContent;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a recipient does through their link, end to end on the real database: the consent
 * ledger, suppressions, the audit trail and the send queue. No provider serves these
 * tenants, so launched deliveries stay queued until a change of the recipient's skips
 * them.
 */
@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreferenceCenterIntegrationTests {

	private static final PreferenceCenter.Client CLIENT = new PreferenceCenter.Client("203.0.113.7",
			"Mozilla/5.0 (Phone)");

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	PreferenceCenter center;

	@Autowired
	PreferenceLinks links;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	ConsentService consent;

	@Autowired
	PreferenceService preferences;

	@Autowired
	SuppressionService suppressions;

	@Autowired
	Reachability reachability;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuditTrail audit;

	TwoTenants two;

	TenantId tenant;

	Actor admin;

	@BeforeAll
	void createTenants() {
		this.two = this.tenancy.twoTenants();
		this.tenant = this.two.a().id();
		this.admin = this.two.a().admin(this.accounts);
		this.fixtures.noQuietHours(this.tenant);
	}

	@Test
	void unsubscribeRecordsTheOptOutSuppressesAndSkipsQueuedDeliveriesOfThatChannel() {
		String tag = BroadcastFixtures.tag();
		Contact contact = optedInToBoth(tag);
		Contact other = optedInToBoth(tag);
		Broadcast sms = launch(BroadcastFixtures.sms(tag, "Offer"));
		Broadcast email = launch(emailDraft(tag, "promotional"));
		UUID delivery = deliveryOf(sms, contact);
		long mark = lastSeq();

		int skipped = this.center.unsubscribe(link(contact, Channel.SMS, delivery), CLIENT, false);

		assertThat(skipped).isEqualTo(1);
		assertThat(statusOf(sms, contact)).isEqualTo("skipped");
		assertThat(statusOf(sms, other)).as("another recipient's").isEqualTo("queued");
		assertThat(statusOf(email, contact)).as("another channel's").isEqualTo("queued");
		assertThat(this.broadcasts.stats(this.admin, sms.id()).skipped()).isEqualTo(1);
		ConsentRecord record = this.consent.history(this.admin, contact.getId()).get(0);
		assertThat(record.channel()).isEqualTo(Channel.SMS);
		assertThat(record.status()).isEqualTo(ConsentStatus.OPTED_OUT);
		assertThat(record.source()).isEqualTo(ConsentSource.UNSUBSCRIBE_LINK);
		assertThat(record.ip()).isEqualTo("203.0.113.7");
		assertThat(record.userAgent()).isEqualTo("Mozilla/5.0 (Phone)");
		assertThat(record.actorType()).isEqualTo("ANONYMOUS");
		assertThat(record.wording()).contains(delivery.toString());
		assertThat(this.suppressions.find(this.tenant, Channel.SMS, contact.getPhone()))
			.hasValueSatisfying((s) -> assertThat(s.reason()).isEqualTo(SuppressionReason.UNSUBSCRIBED));
		assertThat(auditSince(mark)).containsExactly("consent.recorded ANONYMOUS 203.0.113.7",
				"suppression.added ANONYMOUS 203.0.113.7");

		this.center.unsubscribe(link(contact, Channel.SMS, delivery), CLIENT, true);
		assertThat(this.consent.history(this.admin, contact.getId())).as("a repeat records nothing new").hasSize(3);
		assertThat(auditSince(mark)).hasSize(2);
	}

	@Test
	void aCategoryOptOutSkipsOnlyThatCategoryOnThatChannel() {
		String tag = BroadcastFixtures.tag();
		Contact contact = optedInToBoth(tag);
		this.preferences.updateSettings(this.admin,
				new MessagingSettings(null, List.of("promotional", "transactional", "newsletter")));
		Broadcast promo = launch(emailDraft(tag, "promotional"));
		Broadcast news = launch(emailDraft(tag, "newsletter"));
		Broadcast smsPromo = launch(BroadcastFixtures.sms(tag, "Offer"));
		long mark = lastSeq();

		int skipped = this.center.setCategory(preferencesLink(contact), CLIENT, Channel.EMAIL, "newsletter", false);

		assertThat(skipped).isEqualTo(1);
		assertThat(statusOf(news, contact)).isEqualTo("skipped");
		assertThat(statusOf(promo, contact)).isEqualTo("queued");
		assertThat(statusOf(smsPromo, contact)).isEqualTo("queued");
		assertThat(this.preferences.get(this.admin, contact.getId()).choice(Channel.EMAIL, "newsletter"))
			.contains(false);
		assertThat(auditSince(mark)).as("the newsletter had nobody else left to send to")
			.containsExactly("preference.updated ANONYMOUS 203.0.113.7", "broadcast.completed SYSTEM -");
		assertThat(this.center.setCategory(preferencesLink(contact), CLIENT, Channel.EMAIL, "newsletter", false))
			.isZero();
		assertThat(auditSince(mark)).as("no change, no event").hasSize(2);
	}

	@Test
	void aPauseSkipsQueuedDeliveriesKeepsTransactionalOnesAndLaunchesLeaveTheContactOut() {
		String tag = BroadcastFixtures.tag();
		Contact contact = optedInToBoth(tag);
		Contact other = optedInToBoth(tag);
		Broadcast promo = launch(BroadcastFixtures.sms(tag, "Offer"));
		Broadcast receipt = launch(new BroadcastDraft("Receipt " + tag, null, Channel.SMS,
				BroadcastFixtures.tagged(tag), null, "Shipped", MessagingSettings.TRANSACTIONAL, Schedule.NOW, 0));
		Instant before = Instant.now();

		Instant until = this.center.pause(preferencesLink(contact), CLIENT, 30);

		assertThat(until).isBetween(before.plus(Duration.ofDays(30)).minusSeconds(1),
				Instant.now().plus(Duration.ofDays(30)));
		assertThat(statusOf(promo, contact)).isEqualTo("skipped");
		assertThat(statusOf(receipt, contact)).isEqualTo("queued");
		assertThat(this.preferences.get(this.admin, contact.getId()).pausedUntil()).isEqualTo(until);
		assertThat(this.reachability.check(this.tenant, contact.getId(), Channel.EMAIL, "promotional", Instant.now())
			.reason()).isEqualTo(Reachability.Reason.PAUSED);
		assertThat(
				this.reachability.canReceive(this.tenant, contact.getId(), Channel.SMS, "transactional", Instant.now()))
			.isTrue();

		Broadcast later = this.broadcasts.create(this.admin, BroadcastFixtures.sms(tag, "Later offer"));
		assertThat(this.broadcasts.review(this.admin, later.id()).excluded()).isEqualTo(Map.of(Exclusion.PAUSED, 1L));
		launched(later);
		assertThat(this.fixtures.deliveries(this.tenant, later.id())).extracting(StoredDelivery::contactId)
			.containsExactly(other.getId().value());

		this.center.resume(preferencesLink(contact), CLIENT);
		assertThat(this.center.page(preferencesLink(contact)).pausedUntil()).isNull();
		assertThat(
				this.reachability.canReceive(this.tenant, contact.getId(), Channel.EMAIL, "promotional", Instant.now()))
			.isTrue();
	}

	@Test
	void newQuietHoursMoveQueuedDeliveriesPastThem() {
		String tag = BroadcastFixtures.tag();
		ZoneId zone = ZoneId.of("America/New_York");
		Contact contact = this.fixtures.optedIn(this.admin, tag, ContactFixtures.person().timezone(zone.getId()));
		Broadcast promo = launch(BroadcastFixtures.sms(tag, "Offer"));
		LocalTime now = LocalTime.now(zone).withSecond(0).withNano(0);
		QuietHours quiet = new QuietHours(now.minusHours(1), now.plusHours(1));

		this.center.setQuietHours(preferencesLink(contact), CLIENT, quiet);

		ZonedDateTime end = ZonedDateTime.of(LocalDate.now(zone), now.plusHours(1), zone);
		if (now.plusHours(1).isBefore(now)) {
			end = end.plusDays(1);
		}
		assertThat(this.fixtures.deliveries(this.tenant, promo.id()).get(0).notBefore()).isEqualTo(end.toInstant());
		assertThat(this.center.page(preferencesLink(contact)).quietHours()).isEqualTo(quiet);
	}

	@Test
	void unsubscribeAllAndResubscribeLiftOnlyTheUnsubscribeSuppression() {
		String tag = BroadcastFixtures.tag();
		Contact contact = optedInToBoth(tag);
		Broadcast sms = launch(BroadcastFixtures.sms(tag, "Offer"));
		Broadcast email = launch(emailDraft(tag, "promotional"));

		int skipped = this.center.unsubscribeAll(preferencesLink(contact), CLIENT);

		assertThat(skipped).isEqualTo(2);
		assertThat(statusOf(sms, contact)).isEqualTo("skipped");
		assertThat(statusOf(email, contact)).isEqualTo("skipped");
		RecipientPage page = this.center.page(preferencesLink(contact));
		assertThat(page.channels()).extracting(RecipientPage.ChannelChoice::channel)
			.containsExactly(Channel.EMAIL, Channel.SMS, Channel.WHATSAPP);
		assertThat(page.channels()).noneMatch(RecipientPage.ChannelChoice::subscribed);
		assertThat(page.channels().get(0).maskedAddress()).startsWith("c•••@").doesNotContain(contact.getEmail());

		this.center.resubscribe(preferencesLink(contact), CLIENT, Channel.EMAIL, "Yes, send me emails");

		assertThat(this.consent.status(this.tenant, contact.getId(), Channel.EMAIL)).isEqualTo(ConsentStatus.OPTED_IN);
		assertThat(this.consent.history(this.admin, contact.getId()).get(0).source())
			.isEqualTo(ConsentSource.PREFERENCE_PAGE);
		assertThat(this.suppressions.isSuppressed(this.tenant, Channel.EMAIL, contact.getEmail())).isFalse();
		assertThat(this.center.page(preferencesLink(contact)).channels().get(0).subscribed()).isTrue();

		this.suppressions.remove(this.admin, Channel.SMS, contact.getPhone());
		this.suppressions.add(this.admin, Channel.SMS, contact.getPhone(), SuppressionReason.BOUNCED, null);
		this.center.resubscribe(preferencesLink(contact), CLIENT, Channel.SMS, "Yes, send me texts");
		assertThat(this.suppressions.find(this.tenant, Channel.SMS, contact.getPhone()))
			.hasValueSatisfying((s) -> assertThat(s.reason()).isEqualTo(SuppressionReason.BOUNCED));
		assertThat(this.center.page(preferencesLink(contact)).channels().get(1).blocked()).isTrue();
	}

	@Test
	void aLinkOfOneTenantNeverReachesAnotherTenantsContact() {
		Actor otherAdmin = this.two.b().admin(this.accounts);
		Contact theirs = this.fixtures.optedIn(otherAdmin, BroadcastFixtures.tag(), ContactFixtures.person());
		LinkToken forged = this.links.verify(
				token(this.links.unsubscribe(this.tenant, theirs.getId(), Channel.SMS, null)),
				LinkToken.Kind.UNSUBSCRIBE);

		assertThatThrownBy(() -> this.center.unsubscribe(forged, CLIENT, false)).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.center.page(forged)).isInstanceOf(NotFoundException.class);
		assertThat(this.consent.status(this.two.b().id(), theirs.getId(), Channel.SMS))
			.isEqualTo(ConsentStatus.OPTED_IN);
		assertThat(this.suppressions.isSuppressed(this.two.b().id(), Channel.SMS, theirs.getPhone())).isFalse();
	}

	/**
	 * A dispatch batch recording its outcomes locks the broadcast, then the deliveries,
	 * the counters and the tenant's audit trail (a completion, a suppression). A pause
	 * that skips the recipient's last queued delivery (completing the broadcast) must
	 * take the broadcast before its own audit record and the counters, or the two
	 * deadlock and one of them is aborted.
	 */
	@Test
	void aPauseWaitsForTheBroadcastARecordingBatchHoldsBeforeTakingTheCountersOrTheAuditTrail() throws Exception {
		String tag = BroadcastFixtures.tag();
		Contact contact = optedInToBoth(tag);
		Broadcast promo = launch(BroadcastFixtures.sms(tag, "Offer"));
		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch go = new CountDownLatch(1);
		AtomicInteger batchPid = new AtomicInteger();
		// own threads: the common pool may have a single one on a small machine
		ExecutorService threads = Executors.newFixedThreadPool(2);
		CompletableFuture<Void> batch = CompletableFuture
			.runAsync(() -> this.transactions.runInTenant(this.tenant, () -> {
				batchPid.set(this.jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class));
				this.jdbc.queryForList("SELECT id FROM broadcasts WHERE tenant_id = ? AND id = ? FOR NO KEY UPDATE",
						this.tenant.value(), promo.id());
				locked.countDown();
				awaitLatch(go);
				this.jdbc.update("SET LOCAL lock_timeout = '5s'");
				this.jdbc.update("UPDATE broadcast_stats SET sent = sent WHERE tenant_id = ? AND broadcast_id = ?",
						this.tenant.value(), promo.id());
				this.audit.record(Actor.system(this.tenant), "test.batch_recorded",
						AuditTrail.Target.of("broadcast", promo.id()));
			}), threads);
		awaitLatch(locked);
		CompletableFuture<Instant> pause = CompletableFuture
			.supplyAsync(() -> this.center.pause(preferencesLink(contact), CLIENT, 30), threads);
		await("the pause waiting for the batch",
				() -> this.jdbc.queryForObject(
						"SELECT count(*) FROM pg_locks WHERE NOT granted AND ? = ANY (pg_blocking_pids(pid))",
						Integer.class, batchPid.get()) > 0);
		go.countDown();

		batch.get(20, TimeUnit.SECONDS);
		pause.get(20, TimeUnit.SECONDS);
		threads.close();
		assertThat(statusOf(promo, contact)).isEqualTo("skipped");
		assertThat(this.broadcasts.get(this.admin, promo.id()).status()).isEqualTo(BroadcastStatus.COMPLETED);
		assertThat(this.broadcasts.stats(this.admin, promo.id()).skipped()).isEqualTo(1);
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

	private Contact optedInToBoth(String tag) {
		Contact contact = this.fixtures.optedIn(this.admin, tag, ContactFixtures.person());
		this.consent.record(this.admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Email me offers", null, null);
		return contact;
	}

	private static BroadcastDraft emailDraft(String tag, String category) {
		return new BroadcastDraft("Mail " + tag + " " + category, null, Channel.EMAIL, BroadcastFixtures.tagged(tag),
				null, "Hello", category, Schedule.NOW, 0);
	}

	private Broadcast launch(BroadcastDraft draft) {
		Broadcast broadcast = this.broadcasts.create(this.admin, draft);
		if (draft.channel() == Channel.EMAIL) {
			this.broadcasts.updateEmail(this.admin, broadcast.id(), new EmailContent("Hello", null, "<p>Hello</p>"),
					null);
		}
		return launched(broadcast);
	}

	private Broadcast launched(Broadcast broadcast) {
		this.broadcasts.schedule(this.admin, broadcast.id());
		await("the launch", () -> this.broadcasts.get(this.admin, broadcast.id()).status() == BroadcastStatus.SENDING);
		return broadcast;
	}

	private UUID deliveryOf(Broadcast broadcast, Contact contact) {
		return this.fixtures.deliveries(this.tenant, broadcast.id())
			.stream()
			.filter((d) -> d.contactId().equals(contact.getId().value()))
			.findFirst()
			.orElseThrow()
			.id();
	}

	private String statusOf(Broadcast broadcast, Contact contact) {
		return this.fixtures.deliveries(this.tenant, broadcast.id())
			.stream()
			.filter((d) -> d.contactId().equals(contact.getId().value()))
			.findFirst()
			.orElseThrow()
			.status();
	}

	private LinkToken link(Contact contact, Channel channel, UUID delivery) {
		return this.links.verify(token(this.links.unsubscribe(this.tenant, contact.getId(), channel, delivery)),
				LinkToken.Kind.UNSUBSCRIBE);
	}

	private LinkToken preferencesLink(Contact contact) {
		return this.links.verify(token(this.links.preferences(this.tenant, contact.getId())),
				LinkToken.Kind.PREFERENCES);
	}

	private long lastSeq() {
		return this.transactions.readInTenant(this.tenant,
				() -> this.jdbc.queryForObject("SELECT coalesce(max(seq), 0) FROM audit_events WHERE tenant_id = ?",
						Long.class, this.tenant.value()));
	}

	private List<String> auditSince(long mark) {
		return this.transactions.readInTenant(this.tenant, () -> this.jdbc.queryForList("""
				SELECT action || ' ' || actor_type || ' ' || coalesce(ip, '-') FROM audit_events
				WHERE tenant_id = ? AND seq > ? ORDER BY seq""", String.class, this.tenant.value(), mark));
	}

	private static String token(String link) {
		return link.substring(link.lastIndexOf('/') + 1);
	}

}
