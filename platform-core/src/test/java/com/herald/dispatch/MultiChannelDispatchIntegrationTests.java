package com.herald.dispatch;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.HeraldIntegrationTest;
import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastReview;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStatus;
import com.herald.broadcast.ChannelMode;
import com.herald.broadcast.Schedule;
import com.herald.channel.OutboundMessage;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.delivery.BroadcastStats;
import com.herald.delivery.ChannelStats;
import com.herald.template.EmailContent;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static com.herald.broadcast.BroadcastFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * SMS and email in one broadcast, through the real engine to the stand-in providers, with
 * a mixed audience: SMS consent only, email consent only, both, both but no phone, and
 * neither. In {@code all} mode each recipient gets every channel they may receive; in
 * {@code fallback} mode only the first. Exactly those deliveries exist, exactly those
 * messages arrive, and the counts per channel say who was reached or excluded and why.
 */
@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiChannelDispatchIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	ScriptedChannel sms;

	@Autowired
	RecordingEmailChannel email;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TenantTransactions transactions;

	TwoTenants two;

	Actor admin;

	@BeforeAll
	void createTenant() {
		this.two = this.tenancy.twoTenants();
		this.admin = this.two.a().admin(this.accounts);
		this.sms.enrol(this.two.a().id().value());
		this.email.enrol(this.two.a().id().value());
		this.fixtures.noQuietHours(this.two.a().id());
	}

	/** The mixed audience under a fresh tag. */
	private record People(String tag, Contact smsOnly, Contact emailOnly, Contact both, Contact noPhone,
			Contact neither) {
	}

	private People people() {
		String tag = BroadcastFixtures.tag();
		return new People(tag, person(tag, "Sam", true, true, false), person(tag, "Em", true, false, true),
				person(tag, "Bo", true, true, true), person(tag, "Ivy", false, true, true),
				person(tag, "Ned", true, false, false));
	}

	private Contact person(String tag, String name, boolean phone, boolean smsConsent, boolean emailConsent) {
		Contact contact = this.contacts.create(this.admin,
				ContactFixtures.person()
					.firstName(name)
					.phone(phone ? ContactFixtures.usPhone() : null)
					.timezone("America/New_York")
					.tag(tag)
					.build());
		if (smsConsent) {
			this.consent.record(this.admin, contact.getId(), Channel.SMS, ConsentStatus.OPTED_IN, ConsentSource.FORM,
					"Text me", "192.0.2.1", null);
		}
		if (emailConsent) {
			this.consent.record(this.admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM,
					"Email me", "192.0.2.1", null);
		}
		return contact;
	}

	private Broadcast draft(People people, ChannelMode mode) {
		Broadcast broadcast = this.broadcasts.create(this.admin,
				new BroadcastDraft("Both " + people.tag(), null, List.of(Channel.SMS, Channel.EMAIL), mode,
						BroadcastFixtures.tagged(people.tag()), null, "Hi {{ contact.first_name }}, sale today",
						"promotional", Schedule.NOW, 8300),
				new EmailContent("{{ contact.first_name }}, our sale", null, "<p>Hello {{ contact.first_name }}</p>"));
		assertThat(broadcast.channels()).containsExactly(Channel.SMS, Channel.EMAIL);
		assertThat(broadcast.draft().mode()).isEqualTo(mode);
		return broadcast;
	}

	private Broadcast launch(Broadcast broadcast) {
		this.broadcasts.schedule(this.admin, broadcast.id());
		await("completion",
				() -> this.broadcasts.get(this.admin, broadcast.id()).status() == BroadcastStatus.COMPLETED);
		return this.broadcasts.get(this.admin, broadcast.id());
	}

	/** Each delivery as "first name:channel". */
	private Set<String> deliveries(UUID broadcastId) {
		return this.transactions.readInTenant(this.two.a().id(),
				() -> this.jdbc.sql("""
						SELECT c.first_name || ':' || d.channel FROM deliveries d
						JOIN contacts c ON c.tenant_id = d.tenant_id AND c.id = d.contact_id
						WHERE d.tenant_id = ? AND d.broadcast_id = ? AND d.status = 'sent'""")
					.params(this.two.a().id().value(), broadcastId)
					.query(String.class)
					.set());
	}

	/** What reached the providers for the broadcast, as "address:text or subject". */
	private Set<String> received(UUID broadcastId, People people) {
		Set<UUID> ids = this.transactions.readInTenant(this.two.a().id(),
				() -> this.jdbc.sql("SELECT id FROM deliveries WHERE tenant_id = ? AND broadcast_id = ?")
					.params(this.two.a().id().value(), broadcastId)
					.query(UUID.class)
					.set());
		Set<String> texts = this.sms.sent(this.two.a().id().value())
			.stream()
			.filter((sent) -> ids.contains(sent.deliveryId()))
			.map((sent) -> sent.to() + ":" + sent.text())
			.collect(Collectors.toSet());
		this.email.received(this.two.a().id().value())
			.stream()
			.filter((message) -> message.metadata().get("broadcastId").equals(broadcastId.toString()))
			.map((message) -> message.to() + ":" + message.content().subject())
			.forEach(texts::add);
		return texts;
	}

	private static String text(Contact contact) {
		return contact.getPhone() + ":Hi " + contact.getFirstName() + ", sale today";
	}

	private static String mail(Contact contact) {
		return contact.getEmail() + ":" + contact.getFirstName() + ", our sale";
	}

	@Test // #5
	void allModeSendsEveryChannelEachRecipientMayReceive() {
		People people = people();
		Broadcast draft = draft(people, ChannelMode.ALL);

		BroadcastReview review = this.broadcasts.review(this.admin, draft.id());
		assertThat(review.matched()).isEqualTo(5);
		assertThat(review.excluded()).containsExactlyEntriesOf(Map.of(BroadcastReview.Exclusion.NO_CONSENT, 1L));
		assertThat(review.estimated()).isEqualTo(5);
		// SMS at the US list price per segment, email at Herald's price per email
		// (herald.pricing.email-price, 0.001)
		assertThat(review.estimatedCostMicros()).isEqualTo(2 * 8300 + 3 * 1000);
		assertThat(review.channels())
			.extracting(BroadcastReview.ChannelReview::channel, BroadcastReview.ChannelReview::reachable,
					BroadcastReview.ChannelReview::deliveries, BroadcastReview.ChannelReview::estimatedCostMicros)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Channel.SMS, 2L, 2L, 2L * 8300),
					org.assertj.core.groups.Tuple.tuple(Channel.EMAIL, 3L, 3L, 3L * 1000));
		assertThat(review.channels().get(0).excluded())
			.isEqualTo(Map.of(BroadcastReview.Exclusion.NO_CONSENT, 2L, BroadcastReview.Exclusion.INVALID_ADDRESS, 1L));
		assertThat(review.channels().get(1).excluded()).isEqualTo(Map.of(BroadcastReview.Exclusion.NO_CONSENT, 2L));

		Broadcast done = launch(draft);

		assertThat(deliveries(done.id())).containsExactlyInAnyOrder("Sam:sms", "Bo:sms", "Em:email", "Bo:email",
				"Ivy:email");
		assertThat(received(done.id(), people)).containsExactlyInAnyOrder(text(people.smsOnly()), text(people.both()),
				mail(people.emailOnly()), mail(people.both()), mail(people.noPhone()));
		BroadcastStats stats = this.broadcasts.stats(this.admin, done.id());
		assertThat(stats.recipients()).isEqualTo(5);
		assertThat(stats.excluded()).isEqualTo(1);
		assertThat(stats.sent()).isEqualTo(5);
		List<ChannelStats> perChannel = this.broadcasts.channelStats(this.admin, done.id());
		assertThat(perChannel)
			.extracting(ChannelStats::channel, ChannelStats::reachable, ChannelStats::excluded, ChannelStats::total,
					ChannelStats::sent, ChannelStats::queued, ChannelStats::costMicros)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Channel.SMS, 2L, 3L, 2L, 2L, 0L, 2L * 8300),
					org.assertj.core.groups.Tuple.tuple(Channel.EMAIL, 3L, 2L, 3L, 3L, 0L, 3L * 1000));
		assertThat(perChannel.get(0).exclusions()).isEqualTo(Map.of("no_consent", 2L, "invalid_address", 1L));
		assertThat(perChannel.get(1).exclusions()).isEqualTo(Map.of("no_consent", 2L));
	}

	@Test // #5
	void fallbackModeSendsOnlyTheFirstChannelEachRecipientMayReceive() {
		People people = people();
		Broadcast draft = draft(people, ChannelMode.FALLBACK);

		BroadcastReview review = this.broadcasts.review(this.admin, draft.id());
		assertThat(review.estimated()).isEqualTo(4);
		assertThat(review.channels()).extracting(BroadcastReview.ChannelReview::deliveries).containsExactly(2L, 2L);

		Broadcast done = launch(draft);

		assertThat(deliveries(done.id())).containsExactlyInAnyOrder("Sam:sms", "Bo:sms", "Em:email", "Ivy:email");
		assertThat(received(done.id(), people)).containsExactlyInAnyOrder(text(people.smsOnly()), text(people.both()),
				mail(people.emailOnly()), mail(people.noPhone()));
		assertThat(this.broadcasts.channelStats(this.admin, done.id()))
			.extracting(ChannelStats::channel, ChannelStats::reachable, ChannelStats::total, ChannelStats::sent)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Channel.SMS, 2L, 2L, 2L),
					org.assertj.core.groups.Tuple.tuple(Channel.EMAIL, 3L, 2L, 2L));
		BroadcastStats stats = this.broadcasts.stats(this.admin, done.id());
		assertThat(stats.total()).isEqualTo(4);
		assertThat(stats.sent()).isEqualTo(4);
	}

	@Test
	void eachChosenChannelNeedsItsContentBeforeScheduling() {
		People people = people();
		Broadcast noEmail = this.broadcasts.create(this.admin,
				new BroadcastDraft("No email " + people.tag(), null, List.of(Channel.EMAIL, Channel.SMS),
						ChannelMode.FALLBACK, BroadcastFixtures.tagged(people.tag()), null, null, "promotional",
						Schedule.NOW, 0));

		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.broadcasts.schedule(this.admin, noEmail.id()))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsOnlyKeys("html", "body"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> new BroadcastDraft("Twice", null, List.of(Channel.SMS, Channel.SMS), ChannelMode.ALL,
					null, null, null, null, Schedule.NOW, 0))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsOnlyKeys("channels"));
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> this.broadcasts.updateEmail(this.admin,
					this.broadcasts.create(this.admin, BroadcastFixtures.sms(people.tag(), "Hi")).id(),
					new EmailContent("Hi", null, "<p>Hi</p>"), null))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsOnlyKeys("channel"));
	}

	@Test
	void anotherTenantSeesNeitherTheBroadcastNorItsChannelCounts() {
		People people = people();
		Broadcast done = launch(draft(people, ChannelMode.ALL));
		Actor other = this.two.b().admin(this.accounts);

		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.broadcasts.channelStats(other, done.id()));
		assertThat(this.transactions.readInTenant(this.two.b().id(),
				() -> this.jdbc.sql("SELECT count(*) FROM broadcast_channel_stats WHERE broadcast_id = ?")
					.param(done.id())
					.query(Long.class)
					.single()))
			.isZero();
	}

}
