package com.herald.audience;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.HeraldIntegrationTest;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactSelection;
import com.herald.contact.ContactService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.DuplicateException;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListServiceIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	ListService lists;

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

	Actor manager;

	Actor adminB;

	@BeforeAll
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.admin = this.fixture.a().admin(this.accounts);
		this.manager = this.fixture.a().manager(this.accounts);
		this.adminB = this.fixture.b().admin(this.accounts);
	}

	@Test
	void listsAreCreatedRenamedAndDeletedByAdminsAndAudited() {
		String token = ContactFixtures.token();
		ContactList list = this.lists.create(this.admin, "Fair visitors " + token);
		assertThat(list.members()).isZero();
		ContactList renamed = this.lists.rename(this.admin, list.id(), "Fair 2026 " + token);
		assertThat(this.lists.get(this.admin, list.id()).name()).isEqualTo(renamed.name())
			.isEqualTo("Fair 2026 " + token);
		assertThatThrownBy(() -> this.lists.create(this.admin, ("fair 2026 " + token).toUpperCase()))
			.isInstanceOf(DuplicateException.class);
		assertThatThrownBy(() -> this.lists.create(this.admin, "  ")).isInstanceOfSatisfying(
				InvalidInputException.class, (ex) -> assertThat(ex.getFieldErrors()).containsKey("name"));
		assertThatThrownBy(() -> this.lists.create(this.manager, "Mine " + token))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.lists.delete(this.manager, list.id()))
			.isInstanceOf(PermissionDeniedException.class);

		Contact ann = this.contacts.create(this.admin, ContactFixtures.person().build());
		this.lists.addMembers(this.admin, list.id(), List.of(ann.getId()));
		this.lists.delete(this.admin, list.id());
		assertThatThrownBy(() -> this.lists.get(this.admin, list.id())).isInstanceOf(NotFoundException.class);
		assertThat(this.contacts.get(this.admin, ann.getId())).isNotNull();
		assertThat(auditActions(list.id())).containsExactly("list.created", "list.renamed", "list.members_added",
				"list.deleted");
	}

	@Test
	void membersAddedFromASelectionAreAnAudience() {
		String tag = ContactFixtures.token();
		Contact ann = this.contacts.create(this.admin, ContactFixtures.person().tag(tag).build());
		Contact bob = this.contacts.create(this.admin, ContactFixtures.person().tag(tag).build());
		Contact cid = this.contacts.create(this.admin, ContactFixtures.person().tag(tag).build());
		ContactList list = this.lists.create(this.admin, "Selected " + tag);
		assertThat(this.lists.addMembers(this.admin, list.id(), List.of(ann.getId(), bob.getId()))).isEqualTo(2);
		assertThat(this.lists.addMembers(this.admin, list.id(), List.of(ann.getId()))).isZero();
		assertThat(this.lists.get(this.admin, list.id()).members()).isEqualTo(2);
		assertThat(this.lists.members(this.admin, list.id(), null, 0, 10).getContent())
			.extracting((member) -> member.contact().id())
			.containsExactlyInAnyOrder(ann.getId(), bob.getId());

		String id = list.id().toString();
		assertThat(this.audiences.count(this.admin, Condition.of("list", "equals", id))).isEqualTo(2);
		assertThat(this.audiences.count(this.admin,
				Group.and(Condition.of("tags", "any", tag), Condition.of("list", "not_equals", id))))
			.isEqualTo(1);
		ContactList other = this.lists.create(this.admin, "Other " + tag);
		this.lists.addMembers(this.admin, other.id(), List.of(cid.getId()));
		assertThat(this.audiences.count(this.admin, Condition.of("list", "in", id, other.id().toString())))
			.isEqualTo(3);
		assertThat(this.audiences.sample(this.admin, Condition.of("list", "equals", other.id().toString()), 10))
			.extracting((contact) -> contact.id())
			.containsExactly(cid.getId());

		assertThat(this.lists.removeMembers(this.admin, list.id(), List.of(bob.getId()))).isEqualTo(1);
		assertThat(this.audiences.count(this.admin, Condition.of("list", "equals", id))).isEqualTo(1);
		assertThatThrownBy(() -> this.audiences.count(this.admin, Condition.of("list", "equals", "nope")))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(ex) -> assertThat(ex.getFieldErrors()).containsKey("root.values[0]"));
		assertThatThrownBy(() -> this.audiences.count(this.admin, Condition.of("list", "contains", id)))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(ex) -> assertThat(ex.getFieldErrors()).containsKey("root.operator"));
	}

	@Test
	void aCsvOfIdentifiersAddsWhatMatchesAndReportsEveryOtherRow() {
		String token = ContactFixtures.token();
		Contact byEmail = this.contacts.create(this.admin, ContactFixtures.person().build());
		Contact byPhone = this.contacts.create(this.admin, ContactFixtures.person().build());
		Contact byExternal = this.contacts.create(this.admin,
				ContactFixtures.person().externalId("crm-" + token).build());
		Contact foreign = this.contacts.create(this.adminB, ContactFixtures.person().build());
		ContactList list = this.lists.create(this.admin, "From CSV " + token);
		String csv = "Email,Phone,External ID,Name\n" + byEmail.getEmail().toUpperCase() + ",,\n" + ","
				+ ContactFixtures.national(byPhone.getPhone()) + ",\n" + ",,crm-" + token + "\n" + "nobody-" + token
				+ "@example.com,,\n" + ",not a phone,\n" + "\n" + foreign.getEmail() + ",,\n" + byEmail.getEmail()
				+ ",,\n" + ",,,Ann\n" + "\"broken,,\n";
		ListUpload upload = this.lists.addFromCsv(this.admin, list.id(), new StringReader(csv));

		assertThat(upload.rows()).isEqualTo(9);
		assertThat(upload.added()).isEqualTo(3);
		assertThat(upload.alreadyMembers()).isEqualTo(1);
		assertThat(upload.unmatchedTotal()).isEqualTo(5);
		assertThat(upload.unmatched()).extracting(ListUpload.Unmatched::line).containsExactly(5L, 6L, 8L, 10L, 11L);
		assertThat(upload.unmatched().get(0).reason()).isEqualTo("No contact has this email");
		assertThat(upload.unmatched().get(1).reason()).contains("phone");
		assertThat(upload.unmatched().get(2).identifier()).isEqualTo(foreign.getEmail());
		assertThat(upload.unmatched().get(3).reason()).isEqualTo("No email, phone or external id");
		assertThat(upload.unmatched().get(4).reason()).startsWith("Unreadable row");
		assertThat(this.lists.members(this.admin, list.id(), null, 0, 10).getContent())
			.extracting((member) -> member.contact().id())
			.containsExactlyInAnyOrder(byEmail.getId(), byPhone.getId(), byExternal.getId());

		assertThatThrownBy(
				() -> this.lists.addFromCsv(this.admin, list.id(), new StringReader("name,city\nAnn,Paris\n")))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(ex) -> assertThat(ex.getFieldErrors()).containsKey("file"));
		assertThatThrownBy(() -> this.lists.addFromCsv(this.admin, list.id(), new StringReader("")))
			.isInstanceOf(InvalidInputException.class);
	}

	@Test
	void storeManagersWorkOnlyWithTheirStoresContacts() {
		String token = ContactFixtures.token();
		Contact mine = this.contacts.create(this.admin,
				ContactFixtures.person().storeId(this.fixture.a().storeOne().getId()).build());
		Contact theirs = this.contacts.create(this.admin,
				ContactFixtures.person().storeId(this.fixture.a().storeTwo().getId()).build());
		ContactList list = this.lists.create(this.admin, "Stores " + token);
		this.lists.addMembers(this.admin, list.id(), List.of(mine.getId(), theirs.getId()));

		assertThat(this.lists.get(this.manager, list.id()).members()).isEqualTo(1);
		assertThat(this.lists.members(this.manager, list.id(), null, 0, 10).getContent())
			.extracting((member) -> member.contact().id())
			.containsExactly(mine.getId());
		assertThat(this.audiences.count(this.manager, Condition.of("list", "equals", list.id().toString())))
			.isEqualTo(1);
		assertThatThrownBy(() -> this.lists.removeMembers(this.manager, list.id(), List.of(theirs.getId())))
			.isInstanceOf(PermissionDeniedException.class);
		assertThat(this.lists.removeMembers(this.manager, list.id(), List.of(mine.getId()))).isEqualTo(1);
		assertThat(this.lists.addMembers(this.manager, list.id(), List.of(mine.getId()))).isEqualTo(1);

		ContactList fromCsv = this.lists.create(this.admin, "Stores CSV " + token);
		ListUpload upload = this.lists.addFromCsv(this.manager, fromCsv.id(),
				new StringReader("email\n" + mine.getEmail() + "\n" + theirs.getEmail() + "\n"));
		assertThat(upload.added()).isEqualTo(1);
		assertThat(upload.unmatched()).extracting(ListUpload.Unmatched::identifier).containsExactly(theirs.getEmail());
	}

	@Test
	void tenantsNeverSeeOrUseEachOthersLists() {
		String token = ContactFixtures.token();
		Contact mine = this.contacts.create(this.admin, ContactFixtures.person().build());
		Contact foreign = this.contacts.create(this.adminB, ContactFixtures.person().build());
		ContactList list = this.lists.create(this.admin, "Private " + token);
		ContactList listB = this.lists.create(this.adminB, "Private " + token);
		this.lists.addMembers(this.admin, list.id(), List.of(mine.getId()));

		assertThatThrownBy(() -> this.lists.get(this.adminB, list.id())).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.lists.members(this.adminB, list.id(), null, 0, 10))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.lists.rename(this.adminB, list.id(), "Mine"))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.lists.delete(this.adminB, list.id())).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.lists.addMembers(this.adminB, list.id(), List.of(foreign.getId())))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.lists.addMembers(this.adminB, listB.id(), List.of(mine.getId())))
			.isInstanceOf(NotFoundException.class);
		assertThat(this.lists.list(this.adminB, null, 0, 100).getContent()).extracting(ContactList::id)
			.contains(listB.id())
			.doesNotContain(list.id());
		assertThatThrownBy(() -> this.audiences.count(this.adminB,
				Group.and(Condition.of("list", "equals", list.id().toString()))))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(ex) -> assertThat(ex.getFieldErrors()).containsKey("root.children[0].values[0]"));
		assertThatThrownBy(() -> this.segments.create(this.adminB, "Theirs " + token,
				Condition.of("list", "equals", list.id().toString())))
			.isInstanceOf(InvalidInputException.class);
		assertThatThrownBy(() -> this.lists.get(this.admin, UUID.randomUUID())).isInstanceOf(NotFoundException.class);
	}

	@Test
	void listMembershipsAreExportedMergedAndErasedWithTheContact() {
		String token = ContactFixtures.token();
		Contact keep = this.contacts.create(this.admin, ContactFixtures.person().build());
		Contact remove = this.contacts.create(this.admin, ContactFixtures.person().build());
		ContactList first = this.lists.create(this.admin, "First " + token);
		ContactList second = this.lists.create(this.admin, "Second " + token);
		this.lists.addMembers(this.admin, first.id(), List.of(keep.getId()));
		this.lists.addMembers(this.admin, second.id(), List.of(remove.getId()));

		this.contacts.merge(this.admin, keep.getId(), remove.getId());
		Map<String, Object> export = this.contacts.exportAll(this.admin, keep.getId());
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> memberships = (List<Map<String, Object>>) ((Map<String, Object>) export.get("lists"))
			.get("memberships");
		assertThat(memberships).extracting((row) -> row.get("name"))
			.containsExactly("First " + token, "Second " + token);

		this.contacts.erase(this.admin, keep.getId());
		assertThat(this.lists.get(this.admin, first.id()).members()).isZero();
		assertThat(this.lists.get(this.admin, second.id()).members()).isZero();
		long rows = this.transactions
			.readAsPlatform(() -> this.jdbc.sql("SELECT count(*) FROM contact_list_members WHERE contact_id = ?")
				.param(keep.getId().value())
				.query(Long.class)
				.single());
		assertThat(rows).isZero();
	}

	@Test
	void theMemberCountKeptWithAListFollowsEveryWayMembersComeAndGo() {
		String token = ContactFixtures.token();
		Contact a = person(this.admin, token, this.fixture.a().storeOne().getId());
		Contact b = person(this.admin, token, this.fixture.a().storeOne().getId());
		Contact c = person(this.admin, token, this.fixture.a().storeTwo().getId());
		ContactList list = this.lists.create(this.admin, "Kept " + token);
		ContactList other = this.lists.create(this.admin, "Other " + token);
		this.lists.addMembers(this.admin, other.id(), List.of(c.getId()));

		this.lists.addMembers(this.admin, list.id(), List.of(a.getId(), b.getId()));
		this.lists.addMembers(this.admin, list.id(), List.of(a.getId()));
		assertThat(keptAndLive(list)).containsExactly(2L, 2L);
		this.lists.addFromCsv(this.admin, list.id(), new StringReader("email\n" + c.getEmail() + "\n"));
		assertThat(keptAndLive(list)).containsExactly(3L, 3L);
		this.lists.removeMembers(this.admin, list.id(), List.of(c.getId()));
		assertThat(keptAndLive(list)).containsExactly(2L, 2L);
		// merging b into a leaves one membership; deleting a contact takes its membership
		// along
		this.contacts.merge(this.admin, a.getId(), b.getId());
		assertThat(keptAndLive(list)).containsExactly(1L, 1L);
		this.lists.addMatching(this.admin, list.id(), this.contacts.selection(this.admin, token, null));
		assertThat(keptAndLive(list)).containsExactly(2L, 2L);
		this.contacts.delete(this.admin, c.getId());
		assertThat(keptAndLive(list)).containsExactly(1L, 1L);
		assertThat(keptAndLive(other)).containsExactly(0L, 0L);
		// a store manager sees the count of their store's members only
		assertThat(this.lists.get(this.manager, list.id()).members()).isEqualTo(1);
		this.lists.delete(this.admin, list.id());
		assertThat(keptAndLive(other)).containsExactly(0L, 0L);
	}

	/** The count the list shows, and its members counted. */
	private List<Long> keptAndLive(ContactList list) {
		long live = this.transactions.readInTenant(this.fixture.a().id(),
				() -> this.jdbc.sql("SELECT count(*) FROM contact_list_members WHERE tenant_id = ? AND list_id = ?")
					.params(this.fixture.a().id().value(), list.id())
					.query(Long.class)
					.single());
		return List.of(this.lists.get(this.admin, list.id()).members(), live);
	}

	@Test
	void segmentsAreListedPageByPage() {
		for (int i = 0; i < 3; i++) {
			this.segments.create(this.adminB, "Paged " + i + " " + ContactFixtures.token(),
					Condition.of("first_name", "exists"));
		}
		var first = this.segments.list(this.adminB, 0, 2);
		assertThat(first.getContent()).hasSize(2);
		assertThat(first.getTotalElements()).isGreaterThanOrEqualTo(3);
		var second = this.segments.list(this.adminB, 1, 2);
		assertThat(second.getContent()).isNotEmpty()
			.extracting(Segment::id)
			.doesNotContainAnyElementsOf(first.getContent().stream().map(Segment::id).toList());
	}

	@Test
	void everyContactASearchOrATreeMatchesIsAddedInOneCallWithinTheCallersScopeAndTenant() {
		String token = ContactFixtures.token();
		Contact one = person(this.admin, token, this.fixture.a().storeOne().getId());
		Contact two = person(this.admin, token, this.fixture.a().storeTwo().getId());
		Contact theirs = person(this.adminB, token, this.fixture.b().storeOne().getId());
		ContactList list = this.lists.create(this.admin, "Search " + token);
		ContactList listB = this.lists.create(this.adminB, "Search " + token);

		// a store manager's search reaches their store only; the admin's the rest
		ContactSelection managers = this.contacts.selection(this.manager, token, null);
		assertThat(this.lists.addMatching(this.manager, list.id(), managers)).isEqualTo(1);
		assertThat(this.lists.addMatching(this.admin, list.id(), this.contacts.selection(this.admin, token, null)))
			.isEqualTo(1);
		assertThat(this.lists.addMatching(this.admin, list.id(), this.contacts.selection(this.admin, token, null)))
			.isZero();
		assertThat(this.lists.members(this.admin, list.id(), null, 0, 10).getContent())
			.extracting((m) -> m.contact().id())
			.containsExactlyInAnyOrder(one.getId(), two.getId());

		// a tree in tenant B reaches B's contact only, though A's carry the same tag
		Criterion tagged = Condition.of("tags", "any", token);
		assertThat(this.lists.addMatching(this.adminB, listB.id(), tagged)).isEqualTo(1);
		assertThat(this.lists.members(this.adminB, listB.id(), null, 0, 10).getContent())
			.extracting((m) -> m.contact().id())
			.containsExactly(theirs.getId());
		assertThatThrownBy(() -> this.lists.addMatching(this.adminB, list.id(), tagged))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.lists.removeMatching(this.adminB, list.id(), tagged))
			.isInstanceOf(NotFoundException.class);
		assertThat(this.lists.list(this.adminB, token, 0, 10).getContent()).extracting(ContactList::id)
			.containsExactly(listB.id());

		// members search, then removal by tree within the manager's store
		var found = this.lists.members(this.admin, list.id(), two.getEmail(), 0, 10);
		assertThat(found.getTotalElements()).isEqualTo(1);
		assertThat(found.getContent().get(0).contact().id()).isEqualTo(two.getId());
		assertThat(this.lists.removeMatching(this.manager, list.id(), tagged)).isEqualTo(1);
		assertThat(this.lists.get(this.admin, list.id()).members()).isEqualTo(1);
		assertThatThrownBy(() -> this.lists.addMatching(this.admin, list.id(), Condition.of("shoe", "exists")))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(ex) -> assertThat(ex.getFieldErrors()).containsKey("root.field"));
		assertThat(auditActions(list.id())).containsExactly("list.created", "list.members_added", "list.members_added",
				"list.members_added", "list.members_removed");
	}

	@Test
	void aListMadeFromACsvOrASelectionIsAllOrNothing() {
		String token = ContactFixtures.token();
		Contact ann = person(this.admin, token, this.fixture.a().storeOne().getId());
		ListService.Created fromCsv = this.lists.createFromCsv(this.admin, "Csv " + token,
				new StringReader("email\n" + ann.getEmail() + "\n"));
		assertThat(fromCsv.list().members()).isEqualTo(1);
		assertThat(fromCsv.upload()).isNotNull();

		assertThatThrownBy(() -> this.lists.createFromCsv(this.admin, "Broken " + token, new StringReader("shoe\n1\n")))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(ex) -> assertThat(ex.getFieldErrors()).containsKey("file"));
		Contact theirs = person(this.adminB, token, this.fixture.b().storeOne().getId());
		assertThatThrownBy(() -> this.lists.createWith(this.admin, "Stolen " + token, List.of(theirs.getId())))
			.isInstanceOf(NotFoundException.class);
		assertThat(this.lists.list(this.admin, token, 0, 10).getContent()).extracting(ContactList::name)
			.containsExactly("Csv " + token);
	}

	private Contact person(Actor actor, String token, StoreId store) {
		return this.contacts.create(actor,
				ContactFixtures.person().firstName(token).storeId(store).tags(Set.of(token)).build());
	}

	private List<String> auditActions(UUID id) {
		return this.transactions
			.readAsPlatform(() -> this.jdbc.sql("SELECT action FROM audit_events WHERE target_id = ? ORDER BY seq")
				.param(id.toString())
				.query(String.class)
				.list());
	}

}
