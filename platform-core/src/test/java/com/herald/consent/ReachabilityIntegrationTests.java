package com.herald.consent;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.HeraldIntegrationTest;
import com.herald.consent.Reachability.Reason;
import com.herald.consent.Reachability.Verdict;
import com.herald.contact.Contact;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReachabilityIntegrationTests {

	static final String PROMOTIONAL = MessagingSettings.PROMOTIONAL;

	static final String TRANSACTIONAL = MessagingSettings.TRANSACTIONAL;

	// 12:00 in Los Angeles, 15:00 in New York, 21:00 in Madrid (summer time)
	static final Instant NOON_LA = Instant.parse("2026-06-10T19:00:00Z");

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	Reachability reachability;

	@Autowired
	ConsentService consent;

	@Autowired
	PreferenceService preferences;

	@Autowired
	SuppressionService suppressions;

	@Autowired
	ContactService contacts;

	@Autowired
	UserAccountService accounts;

	TwoTenants fixture;

	TenantId tenant;

	Actor admin;

	@BeforeAll
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.tenant = this.fixture.a().id();
		this.admin = this.fixture.a().admin(this.accounts);
	}

	@Test
	void suppressionWinsOverAnOptIn() {
		Contact contact = optedIn(ContactFixtures.person().timezone("America/Los_Angeles").build(), Channel.SMS);
		assertThat(this.reachability.canReceive(this.tenant, contact.getId(), Channel.SMS, PROMOTIONAL, NOON_LA))
			.isTrue();

		this.suppressions.add(this.admin, Channel.SMS, ContactFixtures.national(contact.getPhone()),
				SuppressionReason.STOP, null);

		assertThat(check(contact, Channel.SMS, PROMOTIONAL, NOON_LA).reason()).isEqualTo(Reason.SUPPRESSED);
		assertThat(check(contact, Channel.SMS, TRANSACTIONAL, NOON_LA).reason()).isEqualTo(Reason.SUPPRESSED);
		// suppression is per channel
		assertThat(check(contact, Channel.WHATSAPP, TRANSACTIONAL, NOON_LA).allowed()).isTrue();

		this.suppressions.remove(this.admin, Channel.SMS, contact.getPhone());
		assertThat(check(contact, Channel.SMS, PROMOTIONAL, NOON_LA).allowed()).isTrue();
	}

	@Test
	void needsConsentForPromotionalMessagesAndHonoursAnOptOutForAll() {
		Contact contact = this.contacts.create(this.admin,
				ContactFixtures.person().timezone("America/Los_Angeles").build());
		assertThat(check(contact, Channel.EMAIL, PROMOTIONAL, NOON_LA).reason()).isEqualTo(Reason.NO_CONSENT);
		assertThat(check(contact, Channel.EMAIL, TRANSACTIONAL, NOON_LA).allowed()).isTrue();

		this.consent.record(this.admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_OUT, ConsentSource.FORM,
				null, null, null);

		assertThat(check(contact, Channel.EMAIL, PROMOTIONAL, NOON_LA).reason()).isEqualTo(Reason.OPTED_OUT);
		assertThat(check(contact, Channel.EMAIL, TRANSACTIONAL, NOON_LA).reason()).isEqualTo(Reason.OPTED_OUT);
	}

	@Test
	void honoursAnOptOutOfOneCategoryOnOneChannel() {
		Contact contact = optedIn(ContactFixtures.person().timezone("America/Los_Angeles").build(), Channel.EMAIL);
		this.preferences.setCategory(this.admin, contact.getId(), Channel.EMAIL, PROMOTIONAL, false);
		assertThat(check(contact, Channel.EMAIL, PROMOTIONAL, NOON_LA).reason()).isEqualTo(Reason.CATEGORY_OPTED_OUT);
		assertThat(check(contact, Channel.EMAIL, TRANSACTIONAL, NOON_LA).allowed()).isTrue();
	}

	@Test
	void keepsPromotionalSmsToDaytimeInTheContactsTimezone() {
		Contact losAngeles = optedIn(ContactFixtures.person().timezone("America/Los_Angeles").build(), Channel.SMS);
		Contact madrid = optedIn(ContactFixtures.person().timezone("Europe/Madrid").build(), Channel.SMS);

		// 22:30 in Los Angeles, 07:30 the next morning in Madrid: both quiet, across
		// midnight
		Instant at = Instant.parse("2026-06-11T05:30:00Z");
		Verdict la = check(losAngeles, Channel.SMS, PROMOTIONAL, at);
		assertThat(la.reason()).isEqualTo(Reason.QUIET_HOURS);
		assertThat(la.notBefore()).isEqualTo(Instant.parse("2026-06-11T15:00:00Z")); // 08:00
																						// LA
		Verdict es = check(madrid, Channel.SMS, PROMOTIONAL, at);
		assertThat(es.reason()).isEqualTo(Reason.QUIET_HOURS);
		assertThat(es.notBefore()).isEqualTo(Instant.parse("2026-06-11T06:00:00Z")); // 08:00
																						// Madrid

		// 20:59 and 21:00 in Los Angeles
		assertThat(check(losAngeles, Channel.SMS, PROMOTIONAL, Instant.parse("2026-06-11T03:59:00Z")).allowed())
			.isTrue();
		assertThat(check(losAngeles, Channel.SMS, PROMOTIONAL, Instant.parse("2026-06-11T04:00:00Z")).reason())
			.isEqualTo(Reason.QUIET_HOURS);
		// transactional SMS and promotional email ignore the tenant's SMS quiet hours
		assertThat(check(losAngeles, Channel.SMS, TRANSACTIONAL, at).allowed()).isTrue();
		this.consent.record(this.admin, losAngeles.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Email me offers", null, null);
		assertThat(check(losAngeles, Channel.EMAIL, PROMOTIONAL, at).allowed()).isTrue();
	}

	@Test
	void honoursTheContactsOwnQuietHoursOnEveryChannel() {
		Contact contact = optedIn(ContactFixtures.person().timezone("America/New_York").build(), Channel.EMAIL);
		this.preferences.setQuietHours(this.admin, contact.getId(), QuietHours.of("14:00", "16:00"));
		// 15:00 in New York
		Verdict verdict = check(contact, Channel.EMAIL, PROMOTIONAL, NOON_LA);
		assertThat(verdict.reason()).isEqualTo(Reason.QUIET_HOURS);
		assertThat(verdict.notBefore()).isEqualTo(Instant.parse("2026-06-10T20:00:00Z"));
		assertThat(check(contact, Channel.EMAIL, TRANSACTIONAL, NOON_LA).allowed()).isTrue();
		this.preferences.setQuietHours(this.admin, contact.getId(), null);
		assertThat(check(contact, Channel.EMAIL, PROMOTIONAL, NOON_LA).allowed()).isTrue();
	}

	@Test
	void checksEveryZoneANumberMayBeInWhenTheContactHasNoTimezone() {
		// a Spanish mobile without a store: Madrid or the Canary Islands, an hour apart
		Contact contact = optedIn(ContactDraft.builder().phone(ContactFixtures.esMobile()).build(), Channel.SMS);
		assertThat(contact.getTimezone()).isNull();
		// 08:30 in Madrid but 07:30 in the Canaries: wait for 08:00 in the Canaries
		Verdict verdict = check(contact, Channel.SMS, PROMOTIONAL, Instant.parse("2026-06-10T06:30:00Z"));
		assertThat(verdict.reason()).isEqualTo(Reason.QUIET_HOURS);
		assertThat(verdict.notBefore()).isEqualTo(Instant.parse("2026-06-10T07:00:00Z"));
		assertThat(check(contact, Channel.SMS, PROMOTIONAL, Instant.parse("2026-06-10T07:00:00Z")).allowed()).isTrue();
	}

	@Test
	void letsATenantChangeItsQuietHoursAndCategories() {
		TwoTenants own = this.tenancy.twoTenants();
		Actor ownAdmin = own.a().admin(this.accounts);
		Contact contact = this.contacts.create(ownAdmin,
				ContactFixtures.person().timezone("America/Los_Angeles").build());
		this.consent.record(ownAdmin, contact.getId(), Channel.SMS, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Texts please", null, null);
		Instant lateEvening = Instant.parse("2026-06-11T05:30:00Z"); // 22:30 LA
		assertThat(
				this.reachability.check(own.a().id(), contact.getId(), Channel.SMS, PROMOTIONAL, lateEvening).reason())
			.isEqualTo(Reason.QUIET_HOURS);
		assertThatThrownBy(
				() -> this.reachability.check(own.a().id(), contact.getId(), Channel.SMS, "events", lateEvening))
			.isInstanceOf(InvalidInputException.class);

		this.preferences.updateSettings(ownAdmin,
				new MessagingSettings(new QuietHours(LocalTime.of(23, 0), LocalTime.of(9, 0)), List.of("events")));

		assertThat(this.preferences.settings(own.a().id()).categories()).containsExactly(PROMOTIONAL, TRANSACTIONAL,
				"events");
		assertThat(this.reachability.canReceive(own.a().id(), contact.getId(), Channel.SMS, PROMOTIONAL, lateEvening))
			.isTrue();
		assertThat(this.reachability
			.check(own.a().id(), contact.getId(), Channel.SMS, "events", Instant.parse("2026-06-11T06:30:00Z"))
			.reason()).isEqualTo(Reason.QUIET_HOURS);
		// the default stays for everyone else
		assertThat(this.preferences.settings(this.tenant)).isEqualTo(MessagingSettings.DEFAULTS);
	}

	@Test
	void needsAnAddressOnTheChannel() {
		Contact emailOnly = optedIn(ContactDraft.builder().email(ContactFixtures.email()).build(), Channel.EMAIL);
		assertThat(check(emailOnly, Channel.SMS, TRANSACTIONAL, NOON_LA).reason()).isEqualTo(Reason.NO_ADDRESS);
		assertThat(check(emailOnly, Channel.PUSH, TRANSACTIONAL, NOON_LA).reason()).isEqualTo(Reason.NO_ADDRESS);
	}

	@Test
	void answersOnlyForTheTenantsOwnContacts() {
		Contact contact = optedIn(ContactFixtures.person().build(), Channel.SMS);
		assertThatThrownBy(() -> this.reachability.check(this.fixture.b().id(), contact.getId(), Channel.SMS,
				TRANSACTIONAL, NOON_LA))
			.isInstanceOf(NotFoundException.class);
	}

	private Contact optedIn(ContactDraft draft, Channel channel) {
		Contact contact = this.contacts.create(this.admin, draft);
		this.consent.record(this.admin, contact.getId(), channel, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Send me offers", "192.0.2.1", null);
		return contact;
	}

	private Verdict check(Contact contact, Channel channel, String category, Instant at) {
		return this.reachability.check(this.tenant, contact.getId(), channel, category, at);
	}

}
