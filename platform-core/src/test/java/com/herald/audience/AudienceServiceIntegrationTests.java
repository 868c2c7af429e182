package com.herald.audience;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.HeraldIntegrationTest;
import com.herald.consent.Channel;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.consent.MessagingSettings;
import com.herald.consent.PreferenceService;
import com.herald.consent.SuppressionReason;
import com.herald.consent.SuppressionService;
import com.herald.contact.Contact;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.contact.ContactSummary;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every field kind and operator against three known contacts of a fresh tenant (plus an
 * erased one that must never count), tenant B holding a look-alike of one of them.
 */
@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AudienceServiceIntegrationTests {

	static final Condition ALL = Condition.of("created_at", "exists");

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	AudienceService audiences;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	SuppressionService suppressions;

	@Autowired
	PreferenceService preferences;

	@Autowired
	UserAccountService accounts;

	TwoTenants fixture;

	Actor admin;

	Actor adminB;

	Contact ann;

	Contact bob;

	Contact cid;

	LocalDate recent = LocalDate.now(ZoneOffset.UTC).minusDays(3);

	@BeforeAll
	void createContacts() {
		this.fixture = this.tenancy.twoTenants();
		this.admin = this.fixture.a().admin(this.accounts);
		this.adminB = this.fixture.b().admin(this.accounts);
		this.ann = this.contacts.create(this.admin,
				ContactDraft.builder()
					.firstName("Ann")
					.lastName("Archer")
					.email("ann@audience.test")
					.phone(ContactFixtures.usPhone())
					.locale("fr")
					.timezone("Europe/Paris")
					.storeId(this.fixture.a().storeOne().getId())
					.attributes(Map.of("vip", true, "spend", 120.5, "signup", "2024-05-01", "city", "Paris"))
					.tags(Set.of("gold", "newsletter"))
					.build());
		this.bob = this.contacts.create(this.admin,
				ContactDraft.builder()
					.firstName("Bob")
					.lastName("Baker")
					.email("bob@audience.test")
					.timezone("Asia/Tokyo")
					.storeId(this.fixture.a().storeTwo().getId())
					.attributes(Map.of("vip", "yes", "spend", 40, "signup", "2026-13-45", "city", "berlin"))
					.tags(Set.of("newsletter"))
					.build());
		this.cid = this.contacts.create(this.admin,
				ContactDraft.builder()
					.firstName("Ciara")
					.phone(ContactFixtures.usPhone())
					.attributes(Map.of("spend", "75", "signup", this.recent.toString(), "city", "O'Brien; drop table"))
					.build());
		Contact erased = this.contacts.create(this.admin,
				ContactDraft.builder().firstName("Ann").email("gone@audience.test").tag("gold").build());
		this.contacts.erase(this.admin, erased.getId());
		optIn(this.ann, Channel.SMS);
		optIn(this.ann, Channel.EMAIL);
		optIn(this.bob, Channel.EMAIL);
		this.consent.record(this.admin, this.cid.getId(), Channel.SMS, ConsentStatus.OPTED_OUT, ConsentSource.KEYWORD,
				null, null, null);
		this.suppressions.add(this.admin, Channel.EMAIL, "bob@audience.test", SuppressionReason.BOUNCED, null);
		// tenant B: a look-alike of Ann
		this.contacts.create(this.adminB,
				ContactDraft.builder()
					.firstName("Ann")
					.email("ann@audience.test")
					.attributes(Map.of("vip", true, "spend", 120.5))
					.tags(Set.of("gold", "newsletter"))
					.build());
	}

	@Test
	void coreTextFields() {
		assertMatches(Condition.of("first_name", "equals", "ANN"), this.ann);
		assertMatches(Condition.of("first_name", "not_equals", "Ann"), this.bob, this.cid);
		assertMatches(Condition.of("first_name", "in", "ann", "bob", "nobody"), this.ann, this.bob);
		assertMatches(Condition.of("first_name", "contains", "AR"), this.cid);
		assertMatches(Condition.of("last_name", "starts_with", "bak"), this.bob);
		assertMatches(Condition.of("email", "starts_with", "%"));
		assertMatches(Condition.of("email", "contains", "_"));
		assertMatches(Condition.of("phone", "exists"), this.ann, this.cid);
		assertMatches(Condition.of("last_name", "exists"), this.ann, this.bob);
		assertMatches(Condition.of("locale", "equals", "fr"), this.ann);
		assertMatches(Condition.of("timezone", "equals", "europe/paris"), this.ann);
		assertMatches(Condition.of("timezone", "starts_with", "asia/"), this.bob);
	}

	@Test
	void typedAttributes() {
		assertMatches(Condition.attribute("spend", "number", "gt", "50"), this.ann, this.cid);
		assertMatches(Condition.attribute("spend", "number", "between", "40", "75"), this.bob, this.cid);
		assertMatches(Condition.attribute("spend", "number", "equals", "40.00"), this.bob);
		assertMatches(Condition.attribute("spend", "number", "lte", "40"), this.bob);
		assertMatches(Condition.attribute("spend", "number", "gte", "75"), this.ann, this.cid);
		assertMatches(Condition.attribute("spend", "number", "lt", "-1"));
		assertMatches(Condition.attribute("spend", "number", "in", "40", "120.5"), this.ann, this.bob);
		assertMatches(Condition.attribute("spend", "number", "exists"), this.ann, this.bob, this.cid);
		assertMatches(Condition.attribute("city", "text", "equals", "PARIS"), this.ann);
		assertMatches(Condition.attribute("city", "text", "contains", "drop table"), this.cid);
		assertMatches(Condition.attribute("city", "text", "starts_with", "o'b"), this.cid);
		assertMatches(Condition.attribute("signup", "date", "before", "2025-01-01"), this.ann);
		assertMatches(Condition.attribute("signup", "date", "after", "2025-01-01"), this.cid);
		assertMatches(Condition.attribute("signup", "date", "equals", "2024-05-01"), this.ann);
		assertMatches(Condition.attribute("signup", "date", "between", "2024-05-01", this.recent.toString()), this.ann,
				this.cid);
		// Bob's "2026-13-45" is no date: it matches nothing, and fails nothing
		assertMatches(Condition.attribute("signup", "date", "exists"), this.ann, this.cid);
		assertMatches(Condition.attribute("signup", "date", "within_last_days", "7"), this.cid);
		assertMatches(Condition.attribute("vip", "boolean", "equals", "true"), this.ann);
		// Bob's "yes" is text, not a boolean
		assertMatches(Condition.attribute("vip", "boolean", "exists"), this.ann);
		assertMatches(Condition.attribute("vip", "boolean", "not_equals", "true"), this.bob, this.cid);
		assertMatches(Condition.attribute("nothing_here", "text", "exists"));
	}

	@Test
	void tagsStoresAndDates() {
		assertMatches(Condition.of("tags", "any", " GOLD "), this.ann);
		assertMatches(Condition.of("tags", "any", "gold", "newsletter"), this.ann, this.bob);
		assertMatches(Condition.of("tags", "all", "gold", "newsletter"), this.ann);
		assertMatches(Condition.of("tags", "none", "newsletter"), this.cid);
		assertMatches(Condition.of("tags", "exists"), this.ann, this.bob);
		String storeOne = this.fixture.a().storeOne().getId().value().toString();
		String storeTwo = this.fixture.a().storeTwo().getId().value().toString();
		assertMatches(Condition.of("store", "equals", storeOne), this.ann);
		assertMatches(Condition.of("store", "not_equals", storeOne), this.bob, this.cid);
		assertMatches(Condition.of("store", "in", storeOne, storeTwo), this.ann, this.bob);
		assertMatches(Condition.of("store", "exists"), this.ann, this.bob);
		assertMatches(Condition.of("created_at", "within_last_days", "1"), this.ann, this.bob, this.cid);
		assertMatches(Condition.of("created_at", "before", "2000-01-01"));
		assertMatches(Condition.of("created_at", "after", "2000-01-01"), this.ann, this.bob, this.cid);
		assertMatches(Condition.of("updated_at", "between", "2000-01-01", "9999-12-31"), this.ann, this.bob, this.cid);
		ContactSummary annRow = this.audiences.sample(this.admin, Condition.of("first_name", "equals", "ann"), 1)
			.get(0);
		assertMatches(Condition.of("created_at", "equals", annRow.createdAt().toString()), this.ann);
		assertMatches(Condition.of("created_at", "lte", annRow.createdAt().toString()), this.ann);
		assertMatches(Condition.of("created_at", "gt", annRow.createdAt().toString()), this.bob, this.cid);
	}

	@Test
	void consentPerChannel() {
		assertMatches(Condition.of("consent.sms", "equals", "opted_in"), this.ann);
		assertMatches(Condition.of("consent.sms", "equals", "opted_out"), this.cid);
		assertMatches(Condition.of("consent.sms", "equals", "unknown"), this.bob);
		assertMatches(Condition.of("consent.sms", "in", "opted_in", "opted_out"), this.ann, this.cid);
		assertMatches(Condition.of("consent.sms", "not_equals", "unknown"), this.ann, this.cid);
		assertMatches(Condition.of("consent.email", "equals", "opted_in"), this.ann, this.bob);
		assertMatches(Condition.of("consent.push", "equals", "unknown"), this.ann, this.bob, this.cid);
	}

	@Test
	void groupsNest() {
		Criterion tree = Group.and(Condition.of("tags", "any", "newsletter"), Group
			.or(Condition.of("first_name", "equals", "ann"), Condition.attribute("spend", "number", "lt", "50")));
		assertMatches(tree, this.ann, this.bob);
		assertMatches(Group.not(tree), this.cid);
		assertMatches(Group.not(Group.not(tree)), this.ann, this.bob);
		assertMatches(Group.or(Group.not(Condition.of("phone", "exists")),
				Condition.of("consent.sms", "equals", "opted_out")), this.bob, this.cid);
		// NOT matches what its child does not, contacts without the field included
		assertMatches(Group.not(Condition.attribute("vip", "boolean", "equals", "true")), this.bob, this.cid);
	}

	@Test
	void countsWhoCanBeReachedPerChannel() {
		AudienceCounts counts = this.audiences.counts(this.admin, ALL);
		assertThat(counts.matched()).isEqualTo(3);
		// Ann: phone and sms opt-in; Cid opted out; Bob has no phone
		assertThat(counts.reachable(Channel.SMS)).isEqualTo(1);
		assertThat(counts.reachable(Channel.WHATSAPP)).isZero();
		// Ann opted in; Bob opted in but his address bounced
		assertThat(counts.reachable(Channel.EMAIL)).isEqualTo(1);
		assertThat(counts.reachable(Channel.PUSH)).isZero();
		assertThat(
				this.audiences.counts(this.admin, Condition.of("first_name", "equals", "bob")).reachable(Channel.EMAIL))
			.isZero();
	}

	@Test
	void reachableCountHonoursACategoryOptOut() {
		TwoTenants.TenantFixture own = this.tenancy.tenant();
		Actor ownAdmin = own.admin(this.accounts);
		Contact dee = this.contacts.create(ownAdmin, ContactFixtures.person().build());
		this.consent.record(ownAdmin, dee.getId(), Channel.WHATSAPP, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Yes, message me", null, null);
		assertThat(this.audiences.counts(ownAdmin, ALL).reachable(Channel.WHATSAPP)).isEqualTo(1);

		this.preferences.setCategory(ownAdmin, dee.getId(), Channel.WHATSAPP, MessagingSettings.PROMOTIONAL, false);

		assertThat(this.audiences.counts(ownAdmin, ALL).reachable(Channel.WHATSAPP)).isZero();
		assertThat(this.audiences.counts(ownAdmin, ALL).matched()).isEqualTo(1);
	}

	@Test
	void samplesNewestFirstWithoutErasedContacts() {
		List<ContactSummary> sample = this.audiences.sample(this.admin, ALL, 10);
		assertThat(sample).extracting(ContactSummary::id)
			.containsExactly(this.cid.getId(), this.bob.getId(), this.ann.getId());
		assertThat(this.audiences.sample(this.admin, ALL, 2)).hasSize(2);
		assertThat(this.audiences.sample(this.admin, Condition.of("first_name", "equals", "ann"), 10))
			.extracting(ContactSummary::email)
			.containsExactly("ann@audience.test");
		assertThatThrownBy(() -> this.audiences.sample(this.admin, ALL, 0)).isInstanceOf(InvalidInputException.class);
	}

	@Test
	void storeManagersSeeOnlyTheirStores() {
		Actor manager = this.fixture.a().manager(this.accounts);
		assertThat(this.audiences.count(manager, ALL)).isEqualTo(1);
		assertThat(this.audiences.sample(manager, ALL, 10)).extracting(ContactSummary::id)
			.containsExactly(this.ann.getId());
		assertThat(this.audiences.count(manager, Condition.of("first_name", "equals", "bob"))).isZero();
	}

	@Test
	void tenantsNeverSeeEachOthersContacts() {
		assertThat(this.audiences.count(this.adminB, ALL)).isEqualTo(1);
		assertThat(this.audiences.count(this.adminB, Condition.of("email", "equals", "ann@audience.test")))
			.isEqualTo(1);
		assertThat(this.audiences.count(this.adminB, Condition.of("first_name", "in", "bob", "ciara"))).isZero();
		assertThat(this.audiences.count(this.adminB,
				Condition.of("store", "equals", this.fixture.a().storeOne().getId().value().toString())))
			.isZero();
		assertThat(this.audiences.counts(this.adminB, ALL).reachable(Channel.SMS)).isZero();
		assertThat(this.audiences.count(this.admin, Condition.of("tags", "all", "gold", "newsletter"))).isEqualTo(1);
	}

	@Test
	void refusesBadTreesWithThePathOfTheBadNode() {
		assertError(Group.and(ALL, Condition.of("shoe_size", "equals", "9")), "root.children[1].field",
				"Unknown field");
		assertError(Group.and(ALL, Group.or(ALL, Condition.attribute("spend", "number", "gt", "abc"))),
				"root.children[1].children[1].values[0]", "Expected a number");
		assertError(Condition.of("engagement.last_clicked", "within_last_days", "7"), "root.field",
				"not available yet");
		assertError(Condition.attribute("Bad-Key", "text", "exists"), "root.field", "Attribute keys");
		assertError(new Condition("attributes.spend", "gt", null, List.of("1")), "root.type", "type");
		assertError(Condition.attribute("spend", "money", "gt", "1"), "root.type", "Use text, number");
		assertError(Condition.of("first_name", "gt", "a"), "root.operator", "does not apply to text");
		assertError(Condition.of("first_name", "sounds_like", "a"), "root.operator", "Unknown operator");
		assertError(Condition.attribute("spend", "number", "between", "1"), "root.values", "two values");
		assertError(Condition.attribute("spend", "number", "between", "9", "1"), "root.values", "smaller");
		assertError(Condition.of("first_name", "exists", "x"), "root.values", "no value");
		assertError(Condition.of("consent.fax", "equals", "opted_in"), "root.field", "per channel");
		assertError(Condition.of("consent.sms", "equals", "maybe"), "root.values[0]", "opted_in");
		assertError(Condition.of("created_at", "before", "yesterday"), "root.values[0]", "Expected a date");
		assertError(Condition.attribute("vip", "boolean", "equals", "yes"), "root.values[0]", "true or false");
		assertError(Condition.of("store", "equals", "1-1-1-1-1"), "root.values[0]", "store id");
		assertError(Condition.of("tags", "any", "a,b"), "root.values[0]", "commas");
		assertError(Condition.attribute("signup", "date", "within_last_days", "-3"), "root.values[0]", "days");
		assertError(new Group(Group.Logic.NOT, List.of(ALL, ALL)), "root.children", "exactly one");
		assertError(new Group(Group.Logic.AND, List.of()), "root.children", "at least one");
		assertError(new Group(null, List.of(ALL)), "root.logic", "AND, OR or NOT");
		assertError(new Group(Group.Logic.OR, java.util.Arrays.asList(ALL, null)), "root.children[1]",
				"group or a condition");
		assertError(new Condition(null, "equals", null, List.of("x")), "root.field", "Choose a field");
		assertError(new Condition("first_name", "equals", null, java.util.Arrays.asList((String) null)),
				"root.values[0]", "Give a value");
		assertError(Condition.of("first_name", "equals", "a\u0000b"), "root.values[0]", "NUL");
	}

	@Test
	void limitsDepthAndSize() {
		Criterion deep = ALL;
		for (int i = 0; i < AudienceCompiler.MAX_DEPTH; i++) {
			deep = Group.and(deep);
		}
		assertError(deep, "root" + ".children[0]".repeat(AudienceCompiler.MAX_DEPTH), "levels");
		Criterion[] many = new Criterion[AudienceCompiler.MAX_NODES];
		java.util.Arrays.fill(many, ALL);
		assertError(Group.or(many), "root", "at most");
		assertError(Condition.of("first_name", "equals", "x".repeat(AudienceCompiler.MAX_VALUE_LENGTH + 1)),
				"root.values[0]", "characters");
	}

	private void assertMatches(Criterion tree, Contact... expected) {
		List<Object> ids = List.of((Object[]) java.util.Arrays.stream(expected).map(Contact::getId).toArray());
		assertThat(this.audiences.count(this.admin, tree)).as("count of %s", tree).isEqualTo(expected.length);
		assertThat(this.audiences.sample(this.admin, tree, AudienceService.MAX_SAMPLE)).as("sample of %s", tree)
			.extracting(ContactSummary::id)
			.containsExactlyInAnyOrderElementsOf(ids.stream().map(com.herald.contact.ContactId.class::cast).toList());
	}

	private void assertError(Criterion tree, String path, String message) {
		assertThatThrownBy(() -> this.audiences.count(this.admin, tree)).as("error for %s", tree)
			.isInstanceOfSatisfying(InvalidInputException.class, (ex) -> assertThat(ex.getFieldErrors())
				.hasEntrySatisfying(path, (text) -> assertThat(text).containsIgnoringCase(message)));
	}

	private void optIn(Contact contact, Channel channel) {
		this.consent.record(this.admin, contact.getId(), channel, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Yes, send me offers", null, null);
	}

}
