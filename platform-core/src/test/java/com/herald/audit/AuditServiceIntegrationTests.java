package com.herald.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import com.herald.HeraldIntegrationTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.AuditTrail;
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
class AuditServiceIntegrationTests {

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	AuditService auditService;

	@Autowired
	AuditTrail auditTrail;

	@Autowired
	TenantTransactions transactions;

	@Autowired
	UserAccountService accounts;

	@Test
	void showsEachTenantOnlyItsOwnEvents() {
		TwoTenants fixture = this.tenancy.twoTenants();
		Actor adminA = fixture.a().admin(this.accounts);
		this.transactions.runInTenant(fixture.a().id(),
				() -> this.auditTrail.record(adminA, "contact.created",
						AuditTrail.Target.inStore("contact", "only-in-a", fixture.a().storeOne().getId()), null,
						Map.of("name", "Ada")));
		Actor complianceA = fixture.a().compliance(this.accounts);
		Actor complianceB = fixture.b().compliance(this.accounts);

		AuditPage pageA = this.auditService.search(complianceA, AuditFilter.all(), null, AuditService.MAX_LIMIT);
		AuditPage pageB = this.auditService.search(complianceB, AuditFilter.all(), null, AuditService.MAX_LIMIT);

		assertThat(pageA.events()).extracting(AuditEvent::targetId).contains("only-in-a");
		assertThat(pageA.events()).extracting(AuditEvent::tenantId).containsOnly(fixture.a().id().value());
		assertThat(pageB.events()).isNotEmpty();
		assertThat(pageB.events()).extracting(AuditEvent::tenantId).containsOnly(fixture.b().id().value());
		assertThat(pageB.events()).extracting(AuditEvent::targetId).doesNotContain("only-in-a");
		assertThat(this.auditService.search(complianceB, AuditFilter.all().withTarget("contact", "only-in-a"), null, 10)
			.events()).isEmpty();
		// the same seq names a different event in each chain
		long seqInA = pageA.events().get(0).seq();
		assertThat(this.auditService.get(complianceA, seqInA).targetId()).isEqualTo("only-in-a");
		assertThatThrownBy(() -> this.auditService.get(complianceB, seqInA)).isInstanceOf(NotFoundException.class);
	}

	@Test
	void letsOnlyAuditReadersRead() {
		TwoTenants fixture = this.tenancy.twoTenants();
		Actor manager = fixture.a().manager(this.accounts);
		assertThatThrownBy(() -> this.auditService.search(manager, AuditFilter.all(), null, 10))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.auditService.get(manager, 1)).isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.auditService.verify(manager)).isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.auditService.export(manager, AuditFilter.all(), AuditExportFormat.CSV,
				java.io.OutputStream.nullOutputStream()))
			.isInstanceOf(PermissionDeniedException.class);
		assertThat(this.auditService.search(fixture.a().admin(this.accounts), AuditFilter.all(), null, 10).events())
			.isNotEmpty();
	}

	@Test
	void givesSuperAdminsThePlatformChain() {
		TwoTenants fixture = this.tenancy.twoTenants();
		AuditPage platform = this.auditService.search(TwoTenants.platform(),
				AuditFilter.all().withAction("tenant.created").withTarget("tenant", fixture.a().id().toString()), null,
				10);
		assertThat(platform.events()).singleElement()
			.satisfies((event) -> assertThat(event.tenantId()).isEqualTo(AuditChains.PLATFORM));
		assertThat(this.auditService.search(TwoTenants.platform(), AuditFilter.all(), null, AuditService.MAX_LIMIT)
			.events()).extracting(AuditEvent::tenantId).containsOnly(AuditChains.PLATFORM);
	}

	@Test
	void pagesNewestFirstWithoutGapsOrRepeats() {
		TestChain chain = TestChain.fresh(this.auditTrail, this.transactions);
		for (int i = 1; i <= 23; i++) {
			chain.record("store.updated", AuditTrail.Target.of("store", "s" + i));
		}
		List<Long> seen = new ArrayList<>();
		Long cursor = null;
		int pages = 0;
		do {
			AuditPage page = this.auditService.search(chain.reader(), AuditFilter.all(), cursor, 10);
			page.events().forEach((event) -> seen.add(event.seq()));
			cursor = page.nextCursor();
			pages++;
		}
		while (cursor != null);
		assertThat(pages).isEqualTo(3);
		assertThat(seen).hasSize(23).isSortedAccordingTo(java.util.Comparator.reverseOrder());
		assertThat(seen.get(0)).isEqualTo(23L);
		assertThat(seen.get(22)).isEqualTo(1L);
	}

	@Test
	void filtersByActionActorStoreTargetAndTime() {
		TestChain chain = TestChain.fresh(this.auditTrail, this.transactions);
		StoreId north = StoreId.random();
		StoreId south = StoreId.random();
		Actor alice = chain.actor("u-alice", "Alice.Admin@example.test");
		Actor bob = chain.actor("u-bob", "bob@example.test");
		Actor percent = chain.actor("u-pct", "100%_sure@example.test");
		chain.record(alice, "store.created", AuditTrail.Target.inStore("store", north, north)); // 1
		chain.record(alice, "store.updated", AuditTrail.Target.inStore("store", north, north)); // 2
		chain.record(bob, "store.created", AuditTrail.Target.inStore("store", south, south)); // 3
		chain.record(bob, "storefront.opened", AuditTrail.Target.inStore("store", south, south)); // 4
		chain.record(bob, "membership.changed", AuditTrail.Target.of("membership", "m-1")); // 5
		chain.record(percent, "contact.created", AuditTrail.Target.inStore("contact", "c-1", north)); // 6
		chain.record(alice, "contact.created", AuditTrail.Target.inStore("contact", "c-2", south)); // 7

		assertThat(seqs(chain, AuditFilter.all().withAction("store.created"))).containsExactly(3L, 1L);
		assertThat(seqs(chain, AuditFilter.all().withAction("store."))).containsExactly(3L, 2L, 1L);
		assertThat(seqs(chain, AuditFilter.all().withAction("store*"))).containsExactly(4L, 3L, 2L, 1L);
		assertThat(seqs(chain, AuditFilter.all().withActor("alice"))).containsExactly(7L, 2L, 1L);
		assertThat(seqs(chain, AuditFilter.all().withActor("u-bob"))).containsExactly(5L, 4L, 3L);
		// LIKE wildcards in the input are matched literally
		assertThat(seqs(chain, AuditFilter.all().withActor("%_"))).containsExactly(6L);
		assertThat(seqs(chain, AuditFilter.all().withAction("store_*"))).isEmpty();
		assertThat(seqs(chain, AuditFilter.all().withStore(north))).containsExactly(6L, 2L, 1L);
		assertThat(seqs(chain, AuditFilter.all().withTarget("membership", null))).containsExactly(5L);
		assertThat(seqs(chain, AuditFilter.all().withTarget("contact", "c-2"))).containsExactly(7L);
		assertThat(seqs(chain, AuditFilter.all().withStore(south).withAction("store.").withActor("bob")))
			.containsExactly(3L);

		Instant third = this.auditService.get(chain.reader(), 3).occurredAt();
		Instant sixth = this.auditService.get(chain.reader(), 6).occurredAt();
		assertThat(seqs(chain, AuditFilter.all().between(third, sixth))).containsExactly(5L, 4L, 3L);
		assertThat(seqs(chain, AuditFilter.all().between(sixth, null))).containsExactly(7L, 6L);
		assertThat(seqs(chain, AuditFilter.all().between(null, third))).containsExactly(2L, 1L);
	}

	@Test
	void rejectsAFilterThatCannotMatch() {
		TestChain chain = TestChain.fresh(this.auditTrail, this.transactions);
		Instant now = Instant.now();
		assertThatThrownBy(
				() -> this.auditService.search(chain.reader(), AuditFilter.all().between(now, now), null, 10))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(ex) -> assertThat(ex.getFieldErrors()).containsKey("to"));
		assertThatThrownBy(() -> this.auditService.search(chain.reader(), AuditFilter.all().withAction("*"), null, 10))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(ex) -> assertThat(ex.getFieldErrors()).containsKey("action"));
	}

	@Test
	void showsOneEventWithItsLinks() {
		TestChain chain = TestChain.fresh(this.auditTrail, this.transactions);
		chain.record("store.created", AuditTrail.Target.of("store", "s1"));
		chain.record(chain.actor("u-1", "ann@example.test"), "store.updated", AuditTrail.Target.of("store", "s1"),
				Map.of("name", "Old"), Map.of("name", "New"));
		AuditEvent first = this.auditService.get(chain.reader(), 1);
		AuditEvent second = this.auditService.get(chain.reader(), 2);
		assertThat(first.prevHash()).isNull();
		assertThat(second.prevHash()).isEqualTo(first.hash());
		assertThat(second.hash()).hasSize(64).matches("[0-9a-f]+");
		assertThat(second.summary()).contains("\"before\"").contains("Old").contains("New");
		assertThat(second.actorRole()).isEqualTo("TENANT_ADMIN");
		assertThat(second.ip()).isEqualTo("203.0.113.7");
		assertThatThrownBy(() -> this.auditService.get(chain.reader(), 3)).isInstanceOf(NotFoundException.class);
	}

	private List<Long> seqs(TestChain chain, AuditFilter filter) {
		return this.auditService.search(chain.reader(), filter, null, AuditService.MAX_LIMIT)
			.events()
			.stream()
			.map(AuditEvent::seq)
			.toList();
	}

}
