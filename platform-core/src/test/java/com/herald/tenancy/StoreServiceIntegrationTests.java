package com.herald.tenancy;

import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.HeraldIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@HeraldIntegrationTest
class StoreServiceIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	StoreService stores;

	@Autowired
	UserAccountService accounts;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	JdbcTemplate jdbc;

	TwoTenants fixture;

	AuditEvents audit;

	@BeforeEach
	void createTenants() {
		this.fixture = this.tenancy.twoTenants();
		this.audit = new AuditEvents(this.transactions, this.jdbc);
	}

	@Test
	void listsOnlyTheStoreManagersOwnStores() {
		Actor manager = this.fixture.a().manager(this.accounts);
		assertThat(this.stores.list(manager, Pageable.ofSize(20)).getContent()).extracting(Store::getId)
			.containsExactly(this.fixture.a().storeOne().getId());
	}

	@Test
	void listsEveryStoreOfTheTenantForItsAdminAndNoneOfAnotherTenant() {
		Actor admin = this.fixture.a().admin(this.accounts);
		assertThat(this.stores.list(admin, Pageable.ofSize(20)).getContent()).extracting(Store::getId)
			.containsExactlyInAnyOrder(this.fixture.a().storeOne().getId(), this.fixture.a().storeTwo().getId());
		assertThat(this.stores.listAll(this.fixture.a().id())).extracting(Store::getTenantId)
			.containsOnly(this.fixture.a().id().value());
	}

	@Test
	void letsAStoreManagerReadAndUpdateTheirStoreAndAuditsTheChange() {
		Actor manager = this.fixture.a().manager(this.accounts);
		StoreId own = this.fixture.a().storeOne().getId();
		assertThat(this.stores.get(manager, own).getName()).isEqualTo(this.fixture.a().storeOne().getName());
		long mark = this.audit.mark(this.fixture.a().id());

		Store updated = this.stores.update(manager, own, details("Renamed " + UUID.randomUUID()));

		assertThat(this.stores.get(manager, own).getName()).isEqualTo(updated.getName());
		assertThat(this.audit.since(this.fixture.a().id(), mark)).singleElement().satisfies((event) -> {
			assertThat(event.action()).isEqualTo("store.updated");
			assertThat(event.actorId()).isEqualTo(manager.id());
			assertThat(event.actorRole()).isEqualTo("STORE_MANAGER");
			assertThat(event.targetId()).isEqualTo(own.toString());
			assertThat(event.storeId()).isEqualTo(own.value());
		});
	}

	@Test
	void deniesAStoreManagerTheOtherStoreOfTheirTenant() {
		Actor manager = this.fixture.a().manager(this.accounts);
		Store other = this.fixture.a().storeTwo();
		long mark = this.audit.mark(this.fixture.a().id());

		assertThatExceptionOfType(PermissionDeniedException.class)
			.isThrownBy(() -> this.stores.get(manager, other.getId()));
		assertThatExceptionOfType(PermissionDeniedException.class)
			.isThrownBy(() -> this.stores.update(manager, other.getId(), details("Taken over")));

		Actor admin = this.fixture.a().admin(this.accounts);
		assertThat(this.stores.get(admin, other.getId()).getName()).isEqualTo(other.getName());
		assertThat(this.audit.since(this.fixture.a().id(), mark)).isEmpty();
	}

	@Test
	void deniesAStoreManagerCreatingStores() {
		Actor manager = this.fixture.a().manager(this.accounts);
		assertThatExceptionOfType(PermissionDeniedException.class)
			.isThrownBy(() -> this.stores.create(manager, details("Mine too")));
	}

	@Test
	void hidesAnotherTenantsStoreFromEveryRole() {
		StoreId theirs = this.fixture.b().storeOne().getId();
		long mark = this.audit.mark(this.fixture.b().id());
		for (Actor actor : List.of(this.fixture.a().admin(this.accounts), this.fixture.a().manager(this.accounts),
				this.fixture.a().compliance(this.accounts))) {
			assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.stores.get(actor, theirs));
		}
		for (Actor actor : List.of(this.fixture.a().admin(this.accounts), this.fixture.a().manager(this.accounts))) {
			assertThatExceptionOfType(NotFoundException.class)
				.isThrownBy(() -> this.stores.update(actor, theirs, details("Hijacked")));
		}
		Actor ownerAdmin = this.fixture.b().admin(this.accounts);
		assertThat(this.stores.get(ownerAdmin, theirs).getName()).isEqualTo(this.fixture.b().storeOne().getName());
		assertThat(this.audit.since(this.fixture.b().id(), mark)).isEmpty();
	}

	@Test
	void writesTheCreationToTheTenantsChainOnly() {
		Actor admin = this.fixture.a().admin(this.accounts);
		long markA = this.audit.mark(this.fixture.a().id());
		long markB = this.audit.mark(this.fixture.b().id());
		long markPlatform = this.audit.markPlatform();

		Store created = this.stores.create(admin, details("East " + UUID.randomUUID()));

		assertThat(this.audit.since(this.fixture.a().id(), markA)).singleElement().satisfies((event) -> {
			assertThat(event.chain()).isEqualTo(this.fixture.a().id().value());
			assertThat(event.action()).isEqualTo("store.created");
			assertThat(event.actorType()).isEqualTo("USER");
			assertThat(event.actorId()).isEqualTo(admin.id());
			assertThat(event.targetType()).isEqualTo("store");
			assertThat(event.targetId()).isEqualTo(created.getId().toString());
		});
		assertThat(this.audit.since(this.fixture.b().id(), markB)).isEmpty();
		assertThat(this.audit.platformSince(markPlatform)).noneMatch((event) -> event.action().startsWith("store."));
	}

	@Test
	void rejectsADuplicateStoreNameAndWritesNothing() {
		Actor admin = this.fixture.a().admin(this.accounts);
		String taken = this.fixture.a().storeOne().getName();
		long mark = this.audit.mark(this.fixture.a().id());

		assertThatExceptionOfType(DuplicateException.class)
			.isThrownBy(() -> this.stores.create(admin, details(taken.toUpperCase())))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsKey("name"));
		assertThatExceptionOfType(DuplicateException.class)
			.isThrownBy(() -> this.stores.update(admin, this.fixture.a().storeTwo().getId(), details(taken)));

		assertThat(this.stores.listAll(this.fixture.a().id())).hasSize(2)
			.extracting(Store::getName)
			.containsExactlyInAnyOrder(taken, this.fixture.a().storeTwo().getName());
		assertThat(this.audit.since(this.fixture.a().id(), mark)).isEmpty();
	}

	@Test
	void allowsTheSameStoreNameInAnotherTenant() {
		Actor adminB = this.fixture.b().admin(this.accounts);
		Store copy = this.stores.create(adminB, details(this.fixture.a().storeOne().getName()));
		assertThat(copy.getTenantId()).isEqualTo(this.fixture.b().id().value());
	}

	@Test
	void rejectsInvalidStoreDetailsWithFieldErrors() {
		Actor admin = this.fixture.a().admin(this.accounts);
		StoreDetails bad = new StoreDetails(" ", ZoneId.of("UTC"), "1 Street", null, "City", null, "1000", "XX", "US");
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.stores.create(admin, bad))
			.satisfies((ex) -> assertThat(ex.getFieldErrors()).containsKey("name"));
		assertThat(this.stores.listAll(this.fixture.a().id())).hasSize(2);
	}

	static StoreDetails details(String name) {
		return new StoreDetails(name, ZoneId.of("America/Chicago"), "9 Elm Street", null, "Peoria", "IL", "61602", "US",
				"US");
	}

}
