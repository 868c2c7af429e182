package com.herald.audience;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.HeraldIntegrationTest;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.DuplicateException;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AudienceSegmentIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	SegmentService segments;

	@Autowired
	AudienceService audiences;

	@Autowired
	ContactService contacts;

	@Autowired
	UserAccountService accounts;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcClient jdbc;

	TwoTenants fixture;

	Actor admin;

	@BeforeAll
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.admin = this.fixture.a().admin(this.accounts);
	}

	@Test
	void aSavedSegmentIsReEvaluatedAtEachUseAndAudited() {
		String tag = ContactFixtures.token();
		Criterion tree = Group.and(Condition.of("tags", "any", tag),
				Group.not(Condition.attribute("spend", "number", "lt", "10")));
		Segment saved = this.segments.create(this.admin, "Big spenders " + tag, tree);
		assertThat(this.segments.get(this.admin, saved.id()).criteria()).isEqualTo(tree);
		assertThat(this.segments.list(this.admin)).extracting(Segment::id).contains(saved.id());
		assertThat(this.audiences.count(this.admin, saved.criteria())).isZero();

		this.contacts.create(this.admin, ContactFixtures.person().tag(tag).attribute("spend", 50).build());
		this.contacts.create(this.admin, ContactFixtures.person().tag(tag).attribute("spend", 5).build());

		Segment again = this.segments.get(this.admin, saved.id());
		assertThat(this.audiences.count(this.admin, again.criteria())).isEqualTo(1);

		Segment changed = this.segments.update(this.admin, saved.id(), "All " + tag, Condition.of("tags", "any", tag));
		assertThat(this.audiences.count(this.admin, this.segments.get(this.admin, saved.id()).criteria())).isEqualTo(2);
		assertThat(changed.name()).isEqualTo("All " + tag);

		this.segments.delete(this.admin, saved.id());
		assertThatThrownBy(() -> this.segments.get(this.admin, saved.id())).isInstanceOf(NotFoundException.class);
		List<String> actions = this.transactions
			.readAsPlatform(() -> this.jdbc.sql("SELECT action FROM audit_events WHERE target_id = ? ORDER BY seq")
				.param(saved.id().toString())
				.query(String.class)
				.list());
		assertThat(actions).containsExactly("segment.created", "segment.updated", "segment.deleted");
	}

	@Test
	void refusesBadSegments() {
		assertThatThrownBy(() -> this.segments.create(this.admin, "Bad",
				Group.and(Condition.of("first_name", "exists"), Condition.of("shoe_size", "equals", "9"))))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(ex) -> assertThat(ex.getFieldErrors()).containsKey("root.children[1].field"));
		assertThatThrownBy(() -> this.segments.create(this.admin, " ", Condition.of("first_name", "exists")))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(ex) -> assertThat(ex.getFieldErrors()).containsKey("name"));
		String name = "Twice " + ContactFixtures.token();
		this.segments.create(this.admin, name, Condition.of("first_name", "exists"));
		assertThatThrownBy(
				() -> this.segments.create(this.admin, name.toUpperCase(), Condition.of("first_name", "exists")))
			.isInstanceOf(DuplicateException.class);
		assertThatThrownBy(() -> this.segments.create(this.fixture.a().manager(this.accounts), "Mine",
				Condition.of("first_name", "exists")))
			.isInstanceOf(PermissionDeniedException.class);
	}

	@Test
	void tenantsNeverSeeEachOthersSegments() {
		Segment mine = this.segments.create(this.admin, "Private " + ContactFixtures.token(),
				Condition.of("first_name", "exists"));
		Actor adminB = this.fixture.b().admin(this.accounts);
		assertThatThrownBy(() -> this.segments.get(adminB, mine.id())).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.segments.delete(adminB, mine.id())).isInstanceOf(NotFoundException.class);
		assertThat(this.segments.list(adminB)).extracting(Segment::id).doesNotContain(mine.id());
		assertThatThrownBy(() -> this.segments.get(this.admin, UUID.randomUUID()))
			.isInstanceOf(NotFoundException.class);
	}

	@Test
	void treesRoundTripThroughJsonAndBadJsonGetsAPath() {
		Criterion tree = Group.or(Group.not(Condition.attribute("spend", "number", "between", "1", "2")),
				Condition.of("consent.sms", "in", "opted_in", "unknown"), Condition.of("phone", "exists"));
		assertThat(CriteriaJson.read(CriteriaJson.write(tree))).isEqualTo(tree);
		assertThat(CriteriaJson
			.read("{\"field\":\"attributes.spend\",\"operator\":\"gt\",\"type\":\"number\"," + "\"values\":[5]}"))
			.isEqualTo(Condition.attribute("spend", "number", "gt", "5"));
		assertPathError("not json", "root");
		assertPathError("[1]", "root");
		assertPathError("{\"logic\":\"XOR\",\"children\":[]}", "root.logic");
		assertPathError("{\"logic\":\"AND\",\"children\":[{\"field\":\"x\",\"values\":[{}]}]}",
				"root.children[0].values[0]");
		assertPathError("{\"logic\":\"AND\",\"children\":{}}", "root.children");
	}

	private static void assertPathError(String json, String path) {
		assertThatThrownBy(() -> CriteriaJson.read(json)).isInstanceOfSatisfying(InvalidInputException.class,
				(ex) -> assertThat(ex.getFieldErrors()).containsKey(path));
	}

}
