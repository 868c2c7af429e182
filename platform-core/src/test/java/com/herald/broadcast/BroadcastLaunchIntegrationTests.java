package com.herald.broadcast;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.HeraldIntegrationTest;
import com.herald.audience.Condition;
import com.herald.audience.Segment;
import com.herald.audience.SegmentService;
import com.herald.broadcast.BroadcastFixtures.StoredDelivery;
import com.herald.broadcast.BroadcastReview.Exclusion;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.consent.FrequencyCap;
import com.herald.consent.MessagingSettings;
import com.herald.consent.PreferenceService;
import com.herald.consent.QuietHours;
import com.herald.consent.SuppressionReason;
import com.herald.consent.SuppressionService;
import com.herald.contact.Contact;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.delivery.BroadcastStats;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Launching: the audience snapshot, who gets a delivery and who does not (and why), and
 * when each delivery may go. No provider serves these tenants, so deliveries stay queued
 * where the launch put them.
 */
@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BroadcastLaunchIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	BroadcastLauncher launcher;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	PreferenceService preferences;

	@Autowired
	SuppressionService suppressions;

	@Autowired
	SegmentService segments;

	TenantId tenant;

	Actor admin;

	@BeforeAll
	void createTenant() {
		TwoTenants two = this.tenancy.twoTenants();
		this.tenant = two.a().id();
		this.admin = two.a().admin(this.accounts);
	}

	@Test
	void onlyReachableContactsGetADeliveryAndTheReviewSaysWhyTheOthersDoNot() {
		TwoTenants own = this.tenancy.twoTenants();
		TenantId ownTenant = own.a().id();
		Actor ownAdmin = own.a().admin(this.accounts);
		this.fixtures.noQuietHours(ownTenant);
		String tag = BroadcastFixtures.tag();
		Contact first = this.fixtures.optedIn(ownAdmin, tag, ContactFixtures.person());
		Contact second = this.fixtures.optedIn(ownAdmin, tag, ContactFixtures.person());
		this.contacts.create(ownAdmin, ContactFixtures.person().tag(tag).build());
		Contact optedOut = this.contacts.create(ownAdmin, ContactFixtures.person().tag(tag).build());
		this.consent.record(ownAdmin, optedOut.getId(), Channel.SMS, ConsentStatus.OPTED_OUT, ConsentSource.KEYWORD,
				null, null, null);
		Contact suppressed = this.fixtures.optedIn(ownAdmin, tag, ContactFixtures.person());
		this.suppressions.add(ownAdmin, Channel.SMS, suppressed.getPhone(), SuppressionReason.MANUAL, null);
		this.fixtures.optedIn(ownAdmin, tag, ContactDraft.builder().email(ContactFixtures.email()));
		Contact noOffers = this.fixtures.optedIn(ownAdmin, tag, ContactFixtures.person());
		this.preferences.setCategory(ownAdmin, noOffers.getId(), Channel.SMS, MessagingSettings.PROMOTIONAL, false);
		String cappedTag = BroadcastFixtures.tag();
		Contact capped = this.fixtures.optedIn(ownAdmin, tag, ContactFixtures.person().tag(cappedTag));
		this.preferences.setFrequencyCap(ownAdmin, capped.getId(), new FrequencyCap(1, 7));
		Broadcast earlier = this.broadcasts.create(ownAdmin, BroadcastFixtures.sms(cappedTag, "Earlier offer"));
		this.broadcasts.schedule(ownAdmin, earlier.id());
		await("the earlier broadcast to launch", () -> status(ownAdmin, earlier) == BroadcastStatus.SENDING);

		Broadcast broadcast = this.broadcasts.create(ownAdmin, BroadcastFixtures.sms(tag, "Hello"));
		BroadcastReview review = this.broadcasts.review(ownAdmin, broadcast.id());

		assertThat(review.matched()).isEqualTo(8);
		assertThat(review.excluded())
			.isEqualTo(Map.of(Exclusion.NO_CONSENT, 1L, Exclusion.OPTED_OUT, 1L, Exclusion.SUPPRESSED, 1L,
					Exclusion.INVALID_ADDRESS, 1L, Exclusion.CATEGORY_OPTED_OUT, 1L, Exclusion.FREQUENCY_CAP, 1L));
		assertThat(review.estimated()).isEqualTo(2);
		assertThat(review.estimatedCostMicros()).isEqualTo(2 * 7500);

		this.broadcasts.schedule(ownAdmin, broadcast.id());
		await("the launch", () -> status(ownAdmin, broadcast) == BroadcastStatus.SENDING);

		assertThat(this.fixtures.deliveries(ownTenant, broadcast.id())).extracting(StoredDelivery::contactId)
			.containsExactlyInAnyOrder(first.getId().value(), second.getId().value());
		BroadcastStats stats = this.broadcasts.stats(ownAdmin, broadcast.id());
		assertThat(stats.recipients()).isEqualTo(8);
		assertThat(stats.excluded()).isEqualTo(6);
		assertThat(stats.total()).isEqualTo(2);
		assertThat(stats.queued()).isEqualTo(2);

		this.launcher.launch(ownTenant, broadcast.id());
		assertThat(this.fixtures.deliveries(ownTenant, broadcast.id())).hasSize(2);
		assertThat(this.broadcasts.stats(ownAdmin, broadcast.id()).total()).isEqualTo(2);
	}

	@Test
	void promotionalSmsWaitsForTheEndOfQuietHoursInTheRecipientsZone() {
		String tag = BroadcastFixtures.tag();
		ZoneId night = zoneWhereItIs(LocalTime.of(22, 0), LocalTime.of(6, 0));
		ZoneId day = zoneWhereItIs(LocalTime.of(10, 0), LocalTime.of(18, 0));
		Contact sleeping = this.fixtures.optedIn(this.admin, tag, ContactFixtures.person().timezone(night.getId()));
		Contact awake = this.fixtures.optedIn(this.admin, tag, ContactFixtures.person().timezone(day.getId()));
		Contact ownQuiet = this.fixtures.optedIn(this.admin, tag, ContactFixtures.person().timezone(day.getId()));
		LocalTime localNow = LocalTime.now(day).withSecond(0).withNano(0);
		this.preferences.setQuietHours(this.admin, ownQuiet.getId(),
				new QuietHours(localNow.minusHours(1), localNow.plusHours(1)));
		Contact noZone = this.fixtures.optedIn(this.admin, tag,
				ContactDraft.builder().firstName("Nia").phone(ContactFixtures.usPhone()));

		Instant before = Instant.now();
		Broadcast broadcast = this.broadcasts.create(this.admin, BroadcastFixtures.sms(tag, "Evening offer"));
		this.broadcasts.schedule(this.admin, broadcast.id());
		await("the launch", () -> status(this.admin, broadcast) == BroadcastStatus.SENDING);
		Instant after = Instant.now();
		Map<UUID, Instant> notBefore = notBefore(this.tenant, broadcast.id());

		QuietHours tcpa = MessagingSettings.DEFAULTS.promotionalSmsQuietHours();
		assertThat(notBefore.get(sleeping.getId().value())).isEqualTo(tcpa.nextAllowed(after, night));
		assertThat(notBefore.get(awake.getId().value())).isBetween(before, after);
		assertThat(notBefore.get(ownQuiet.getId().value()))
			.isEqualTo(ZonedDateTime.of(LocalDate.now(day), localNow.plusHours(1), day).toInstant());
		// no timezone: outside quiet hours in the zone of the phone number (New York)
		Instant noZoneAt = notBefore.get(noZone.getId().value());
		assertThat(tcpa.contains(noZoneAt, ZoneId.of("America/New_York"))).isFalse();
		assertThat(noZoneAt)
			.isEqualTo(tcpa.nextAllowed(noZoneAt.isAfter(after) ? after : noZoneAt, ZoneId.of("America/New_York")));
	}

	@Test
	void transactionalMessagesIgnoreQuietHours() {
		String tag = BroadcastFixtures.tag();
		ZoneId night = zoneWhereItIs(LocalTime.of(22, 0), LocalTime.of(6, 0));
		Contact sleeping = this.fixtures.optedIn(this.admin, tag, ContactFixtures.person().timezone(night.getId()));
		BroadcastDraft receipt = new BroadcastDraft("Receipt " + tag, null, Channel.SMS, BroadcastFixtures.tagged(tag),
				null, "Your order shipped", MessagingSettings.TRANSACTIONAL, Schedule.NOW, 0);

		Instant before = Instant.now();
		Broadcast broadcast = this.broadcasts.create(this.admin, receipt);
		this.broadcasts.schedule(this.admin, broadcast.id());
		await("the launch", () -> status(this.admin, broadcast) == BroadcastStatus.SENDING);

		assertThat(notBefore(this.tenant, broadcast.id()).get(sleeping.getId().value())).isBetween(before,
				Instant.now());
	}

	@Test
	void aLocalTimeScheduleSendsAtThatTimeInEachRecipientsZone() {
		TwoTenants own = this.tenancy.twoTenants();
		Actor ownAdmin = own.a().admin(this.accounts);
		this.fixtures.noQuietHours(own.a().id());
		String tag = BroadcastFixtures.tag();
		Contact newYork = this.fixtures.optedIn(ownAdmin, tag, ContactFixtures.person().timezone("America/New_York"));
		Contact madrid = this.fixtures.optedIn(ownAdmin, tag, ContactFixtures.person().timezone("Europe/Madrid"));
		Contact storeZone = this.fixtures.optedIn(ownAdmin, tag,
				ContactFixtures.person().timezone(null).storeId(own.a().storeTwo().getId()));
		LocalDateTime tenAm = LocalDate.now(ZoneId.of("UTC")).plusDays(2).atTime(10, 0);

		Broadcast broadcast = this.broadcasts.create(ownAdmin, BroadcastLifecycleIntegrationTests
			.withSchedule(BroadcastFixtures.sms(tag, "Good morning"), Schedule.localTime(tenAm)));
		this.broadcasts.schedule(ownAdmin, broadcast.id());
		await("the launch", () -> status(ownAdmin, broadcast) == BroadcastStatus.SENDING);

		Map<UUID, Instant> notBefore = notBefore(own.a().id(), broadcast.id());
		assertThat(notBefore.get(newYork.getId().value()))
			.isEqualTo(tenAm.atZone(ZoneId.of("America/New_York")).toInstant());
		assertThat(notBefore.get(madrid.getId().value()))
			.isEqualTo(tenAm.atZone(ZoneId.of("Europe/Madrid")).toInstant());
		assertThat(notBefore.get(storeZone.getId().value()))
			.isEqualTo(tenAm.atZone(ZoneId.of("Europe/Madrid")).toInstant());
	}

	@Test
	void aWindowSpreadsTheSendsEvenly() {
		TwoTenants own = this.tenancy.twoTenants();
		Actor ownAdmin = own.a().admin(this.accounts);
		this.fixtures.noQuietHours(own.a().id());
		String tag = BroadcastFixtures.tag();
		this.fixtures.audience(ownAdmin, tag, 5);
		Instant end = Instant.now().plus(Duration.ofMinutes(10));

		Broadcast broadcast = this.broadcasts.create(ownAdmin, BroadcastLifecycleIntegrationTests
			.withSchedule(BroadcastFixtures.sms(tag, "Spread out"), Schedule.window(null, end, 60, null, 0)));
		this.broadcasts.schedule(ownAdmin, broadcast.id());
		await("the launch", () -> status(ownAdmin, broadcast) == BroadcastStatus.SENDING);

		List<Instant> times = notBefore(own.a().id(), broadcast.id()).values()
			.stream()
			.sorted(Comparator.naturalOrder())
			.toList();
		assertThat(times).hasSize(5);
		for (int i = 1; i < times.size(); i++) {
			// 10 minutes over 5 recipients: one every 2 minutes (slower than the 60 a
			// minute cap)
			assertThat(Duration.between(times.get(i - 1), times.get(i)).toMillis()).isBetween(119_000L, 121_000L);
		}
	}

	@Test
	void aLaunchWhoseSegmentWasDeletedFailsWithTheReason() {
		String tag = BroadcastFixtures.tag();
		this.fixtures.audience(this.admin, tag, 1);
		Segment segment = this.segments.create(this.admin, "Gone " + tag, Condition.of("tags", "any", tag));
		BroadcastDraft draft = BroadcastFixtures.sms(tag, "Hi");
		Broadcast broadcast = this.broadcasts.create(this.admin, new BroadcastDraft(draft.name(), null, Channel.SMS,
				Audience.segment(segment.id()), null, "Hi", null, Schedule.NOW, 0));
		this.segments.delete(this.admin, segment.id());

		this.broadcasts.schedule(this.admin, broadcast.id());
		await("the launch to fail", () -> status(this.admin, broadcast) == BroadcastStatus.FAILED);

		assertThat(this.broadcasts.get(this.admin, broadcast.id()).failureReason()).contains("segment");
	}

	private BroadcastStatus status(Actor actor, Broadcast broadcast) {
		return this.broadcasts.get(actor, broadcast.id()).status();
	}

	private Map<UUID, Instant> notBefore(TenantId tenant, UUID broadcastId) {
		return this.fixtures.deliveries(tenant, broadcastId)
			.stream()
			.collect(java.util.stream.Collectors.toMap(StoredDelivery::contactId, StoredDelivery::notBefore));
	}

	/** A zone whose local time is now between {@code from} and {@code to}. */
	private static ZoneId zoneWhereItIs(LocalTime from, LocalTime to) {
		return Stream
			.of("Pacific/Honolulu", "America/Los_Angeles", "America/New_York", "America/Sao_Paulo", "Atlantic/Azores",
					"Europe/London", "Europe/Madrid", "Europe/Athens", "Asia/Dubai", "Asia/Kolkata", "Asia/Bangkok",
					"Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland", "Pacific/Kiritimati")
			.map(ZoneId::of)
			.filter((zone) -> {
				LocalTime now = LocalTime.now(zone).plusMinutes(5);
				return from.isBefore(to) ? !now.isBefore(from) && now.isBefore(to.minusMinutes(10))
						: !now.isBefore(from) || now.isBefore(to.minusMinutes(10));
			})
			.findFirst()
			.orElseThrow();
	}

}
