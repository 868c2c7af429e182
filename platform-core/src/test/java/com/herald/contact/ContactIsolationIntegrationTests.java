package com.herald.contact;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.HeraldIntegrationTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tenant B sees nothing of tenant A's contacts; store managers see their stores' only.
 */
@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactIsolationIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	ContactService contacts;

	@Autowired
	StoreService stores;

	@Autowired
	UserAccountService accounts;

	TwoTenants fixture;

	Actor adminA;

	Actor adminB;

	Actor manager;

	@BeforeAll
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.adminA = this.fixture.a().admin(this.accounts);
		this.adminB = this.fixture.b().admin(this.accounts);
		this.manager = this.fixture.a().manager(this.accounts);
	}

	@Test
	void hidesOneTenantsContactsFromAnother() {
		String token = ContactFixtures.token();
		Contact contact = this.contacts.create(this.adminA, ContactFixtures.person().lastName(token).build());
		ContactId id = contact.getId();

		assertThatThrownBy(() -> this.contacts.get(this.adminB, id)).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.contacts.get(this.fixture.b().id(), id)).isInstanceOf(NotFoundException.class);
		assertThat(this.contacts.find(this.fixture.b().id(), id)).isEmpty();
		assertThat(this.contacts.list(this.adminB, ContactQuery.firstPage().withSearch(token)).items()).isEmpty();
		assertThat(this.contacts.list(this.adminB, ContactQuery.firstPage().withSearch(contact.getEmail())).items())
			.isEmpty();
		assertThatThrownBy(
				() -> this.contacts.update(this.adminB, id, ContactPatch.builder().firstName("Mallory").build()))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.contacts.delete(this.adminB, id)).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.contacts.exportAll(this.adminB, id)).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.contacts.erase(this.adminB, id)).isInstanceOf(NotFoundException.class);
		Contact own = this.contacts.create(this.adminB, ContactFixtures.person().build());
		assertThatThrownBy(() -> this.contacts.merge(this.adminB, own.getId(), id))
			.isInstanceOf(NotFoundException.class);

		// the same email and phone are a new, separate contact in tenant B
		UpsertResult inB = this.contacts.upsert(this.adminB,
				ContactDraft.builder().email(contact.getEmail()).phone(contact.getPhone()).firstName("Bea").build());
		assertThat(inB.outcome()).isEqualTo(UpsertResult.Outcome.CREATED);
		assertThat(inB.contactId()).isNotEqualTo(id);

		Contact untouched = this.contacts.get(this.adminA, id);
		assertThat(untouched.getFirstName()).isEqualTo("Ann");
		assertThat(untouched.getVersion()).isEqualTo(contact.getVersion());
	}

	@Test
	void limitsStoreManagersToTheirStoresContacts() {
		String token = ContactFixtures.token();
		Contact mine = this.contacts.create(this.manager,
				ContactFixtures.person().lastName(token).storeId(this.fixture.a().storeOne().getId()).build());
		Contact otherStore = this.contacts.create(this.adminA,
				ContactFixtures.person().lastName(token).storeId(this.fixture.a().storeTwo().getId()).build());
		Contact noStore = this.contacts.create(this.adminA, ContactFixtures.person().lastName(token).build());

		assertThat(this.contacts.list(this.manager, ContactQuery.firstPage().withSearch(token)).items())
			.extracting(ContactSummary::id)
			.containsExactly(mine.getId());
		assertThat(this.contacts.list(this.adminA, ContactQuery.firstPage().withSearch(token)).items()).hasSize(3);
		assertThatThrownBy(() -> this.contacts.list(this.manager,
				ContactQuery.firstPage().withStore(this.fixture.a().storeTwo().getId())))
			.isInstanceOf(PermissionDeniedException.class);

		assertThat(this.contacts.get(this.manager, mine.getId()).getId()).isEqualTo(mine.getId());
		assertThatThrownBy(() -> this.contacts.get(this.manager, otherStore.getId()))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.contacts.get(this.manager, noStore.getId()))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.contacts.update(this.manager, otherStore.getId(),
				ContactPatch.builder().firstName("Changed").build()))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.contacts.update(this.manager, mine.getId(),
				ContactPatch.builder().storeId(this.fixture.a().storeTwo().getId()).build()))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.contacts.delete(this.manager, otherStore.getId()))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.contacts.create(this.manager,
				ContactFixtures.person().storeId(this.fixture.a().storeTwo().getId()).build()))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.contacts.create(this.manager, ContactFixtures.person().build()))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.contacts.merge(this.manager, mine.getId(), otherStore.getId()))
			.isInstanceOf(PermissionDeniedException.class);

		List<UpsertResult> batch = this.contacts.batchUpsert(this.manager,
				List.of(ContactFixtures.person().storeId(this.fixture.a().storeOne().getId()).build(),
						ContactFixtures.person().storeId(this.fixture.a().storeTwo().getId()).build(),
						ContactDraft.builder()
							.email(otherStore.getEmail())
							.firstName("Taken over?")
							.storeId(this.fixture.a().storeOne().getId())
							.build()));
		assertThat(batch).extracting(UpsertResult::outcome)
			.containsExactly(UpsertResult.Outcome.CREATED, UpsertResult.Outcome.REJECTED,
					UpsertResult.Outcome.REJECTED);
		assertThat(this.contacts.get(this.adminA, otherStore.getId()).getFirstName()).isEqualTo("Ann");
		assertThat(this.contacts.get(this.adminA, otherStore.getId()).getStoreId())
			.isEqualTo(this.fixture.a().storeTwo().getId());
	}

	@Test
	void letsComplianceOfficersReadButNotChange() {
		Contact contact = this.contacts.create(this.adminA, ContactFixtures.person().build());
		Actor compliance = this.fixture.a().compliance(this.accounts);
		assertThat(this.contacts.get(compliance, contact.getId()).getEmail()).isEqualTo(contact.getEmail());
		assertThatThrownBy(() -> this.contacts.create(compliance, ContactFixtures.person().build()))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.contacts.update(compliance, contact.getId(),
				ContactPatch.builder().firstName("Changed").build()))
			.isInstanceOf(PermissionDeniedException.class);
	}

}
