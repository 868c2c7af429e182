package com.herald.broadcast;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.HeraldIntegrationTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@HeraldIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BroadcastLifecycleIntegrationTests {

	static final Instant TOMORROW = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	BroadcastLauncher launcher;

	@Autowired
	TenantTransactions transactions;

	TwoTenants two;

	TenantId tenant;

	Actor admin;

	Actor manager;

	Actor compliance;

	Actor otherAdmin;

	@BeforeAll
	void createTenants() {
		this.two = this.tenancy.twoTenants();
		this.tenant = this.two.a().id();
		this.admin = this.two.a().admin(this.accounts);
		this.manager = this.two.a().manager(this.accounts);
		this.compliance = this.two.a().compliance(this.accounts);
		this.otherAdmin = this.two.b().admin(this.accounts);
	}

	@Test
	void aDraftIsScheduledWhenNoApprovalIsRequiredAndEveryStepIsAudited() {
		Broadcast draft = this.broadcasts.create(this.admin, later(BroadcastFixtures.tag()));
		assertThat(draft.status()).isEqualTo(BroadcastStatus.DRAFT);
		assertThat(draft.authorLabel()).isEqualTo(this.two.a().adminEmail());

		Broadcast scheduled = this.broadcasts.schedule(this.admin, draft.id());

		assertThat(scheduled.status()).isEqualTo(BroadcastStatus.SCHEDULED);
		assertThat(actions(draft.id())).containsExactly("broadcast.created", "broadcast.scheduled");
		assertThatThrownBy(() -> this.broadcasts.schedule(this.admin, draft.id()))
			.isInstanceOf(BroadcastStateException.class);
		assertThatThrownBy(() -> this.broadcasts.pause(this.admin, draft.id()))
			.isInstanceOf(BroadcastStateException.class);
	}

	@Test
	void aScheduledBroadcastWhoseLaunchTaskWasLostIsScheduledAgainForItsTime() {
		Broadcast scheduled = this.broadcasts.schedule(this.admin,
				this.broadcasts.create(this.admin, later(BroadcastFixtures.tag())).id());
		String instance = scheduled.id() + "@" + scheduled.version();
		// a node that stopped between the commit and the task's scheduling
		assertThat(this.jdbc.sql("DELETE FROM scheduled_tasks WHERE task_name = ? AND task_instance = ?")
			.params(BroadcastLauncher.TASK, instance)
			.update()).isEqualTo(1);

		this.launcher.rescheduleMissingLaunches();

		Instant launchAt = this.jdbc
			.sql("SELECT execution_time FROM scheduled_tasks WHERE task_name = ? AND task_instance = ?")
			.params(BroadcastLauncher.TASK, instance)
			.query(Instant.class)
			.single();
		assertThat(launchAt).isEqualTo(scheduled.draft().schedule().launchAt(Instant.now()));
		assertThat(this.broadcasts.get(this.admin, scheduled.id()).status()).isEqualTo(BroadcastStatus.SCHEDULED);
	}

	@Test
	void aStoreManagersBroadcastNeedsAnAdminsApprovalAndAnEditNeedsItAgain() {
		TwoTenants own = this.tenancy.twoTenants();
		Actor ownAdmin = own.a().admin(this.accounts);
		Actor ownManager = own.a().manager(this.accounts);
		Actor ownCompliance = own.a().compliance(this.accounts);
		this.broadcasts.updateSettings(ownAdmin,
				new BroadcastSettings(BroadcastSettings.Approval.STORE_MANAGERS, List.of()));
		String tag = BroadcastFixtures.tag();
		Broadcast draft = this.broadcasts.create(ownManager,
				withSchedule(BroadcastFixtures.sms(tag, "Hi {{ contact.first_name }}", own.a().storeOne().getId()),
						Schedule.at(TOMORROW)));

		assertThatThrownBy(() -> this.broadcasts.schedule(ownManager, draft.id()))
			.isInstanceOf(BroadcastStateException.class)
			.hasMessageContaining("approval");
		Broadcast submitted = this.broadcasts.submit(ownManager, draft.id());
		assertThat(submitted.status()).isEqualTo(BroadcastStatus.AWAITING_APPROVAL);
		assertThatThrownBy(() -> this.broadcasts.approve(ownManager, draft.id(), "fine by me"))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.broadcasts.approve(ownCompliance, draft.id(), null))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.broadcasts.reject(ownAdmin, draft.id(), " "))
			.isInstanceOf(InvalidInputException.class);

		Broadcast rejected = this.broadcasts.reject(ownAdmin, draft.id(), "Say which store");
		assertThat(rejected.status()).isEqualTo(BroadcastStatus.DRAFT);
		assertThat(rejected.reviewComment()).isEqualTo("Say which store");

		this.broadcasts.submit(ownManager, draft.id());
		Broadcast approved = this.broadcasts.approve(ownAdmin, draft.id(), "Good to go");
		assertThat(approved.status()).isEqualTo(BroadcastStatus.SCHEDULED);
		assertThat(approved.approvedByLabel()).isEqualTo(own.a().adminEmail());
		assertThat(approved.approvedAt()).isNotNull();

		Broadcast edited = this.broadcasts.update(ownManager, draft.id(),
				withSchedule(BroadcastFixtures.sms(tag, "Changed after approval", own.a().storeOne().getId()),
						Schedule.at(TOMORROW)),
				approved.version());
		assertThat(edited.status()).isEqualTo(BroadcastStatus.DRAFT);
		assertThat(edited.approvedAt()).isNull();
		assertThat(edited.approvedByLabel()).isNull();
		assertThatThrownBy(() -> this.broadcasts.schedule(ownManager, draft.id()))
			.isInstanceOf(BroadcastStateException.class);
		assertThat(actions(own.a().id(), draft.id())).containsExactly("broadcast.created", "broadcast.submitted",
				"broadcast.rejected", "broadcast.submitted", "broadcast.approved", "broadcast.updated");
	}

	@Test
	void theAuthorNeverApprovesTheirOwnBroadcast() {
		TwoTenants own = this.tenancy.twoTenants();
		Actor ownAdmin = own.a().admin(this.accounts);
		this.broadcasts.updateSettings(ownAdmin, new BroadcastSettings(BroadcastSettings.Approval.EVERYONE, List.of()));
		Broadcast draft = this.broadcasts.create(ownAdmin, later(BroadcastFixtures.tag()));
		this.broadcasts.submit(ownAdmin, draft.id());

		assertThatThrownBy(() -> this.broadcasts.approve(ownAdmin, draft.id(), "self"))
			.isInstanceOf(PermissionDeniedException.class)
			.hasMessageContaining("other than the author");
		assertThatThrownBy(() -> this.broadcasts.launchNow(ownAdmin, draft.id()))
			.isInstanceOf(BroadcastStateException.class);
	}

	@Test
	void storeManagersWorkOnTheirOwnStoresBroadcastsOnly() {
		String tag = BroadcastFixtures.tag();
		assertThatThrownBy(() -> this.broadcasts.create(this.manager,
				BroadcastFixtures.sms(tag, "Hi", this.two.a().storeTwo().getId())))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.broadcasts.create(this.manager, BroadcastFixtures.sms(tag, "Hi")))
			.isInstanceOf(PermissionDeniedException.class);

		Broadcast tenantWide = this.broadcasts.create(this.admin, later(tag));
		Broadcast ownStore = this.broadcasts.create(this.manager,
				BroadcastFixtures.sms(tag, "Hi", this.two.a().storeOne().getId()));

		assertThatThrownBy(() -> this.broadcasts.get(this.manager, tenantWide.id()))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.broadcasts.cancel(this.manager, tenantWide.id()))
			.isInstanceOf(NotFoundException.class);
		assertThat(this.broadcasts.list(this.manager, null, PageRequest.of(0, 100)).getContent())
			.extracting(Broadcast::id)
			.contains(ownStore.id())
			.doesNotContain(tenantWide.id());
		assertThat(this.broadcasts.list(this.admin, null, PageRequest.of(0, 100)).getContent())
			.extracting(Broadcast::id)
			.contains(ownStore.id(), tenantWide.id());
	}

	@Test
	void complianceOfficersReadButNeverWrite() {
		Broadcast draft = this.broadcasts.create(this.admin, later(BroadcastFixtures.tag()));

		assertThat(this.broadcasts.get(this.compliance, draft.id()).name()).isEqualTo(draft.name());
		assertThatThrownBy(() -> this.broadcasts.create(this.compliance, later(BroadcastFixtures.tag())))
			.isInstanceOf(PermissionDeniedException.class);
		assertThatThrownBy(() -> this.broadcasts.cancel(this.compliance, draft.id()))
			.isInstanceOf(PermissionDeniedException.class);
		assertThat(this.broadcasts.get(this.admin, draft.id()).status()).isEqualTo(BroadcastStatus.DRAFT);
	}

	@Test
	void anotherTenantCannotSeeOrTouchIt() {
		Broadcast draft = this.broadcasts.create(this.admin, later(BroadcastFixtures.tag()));

		assertThatThrownBy(() -> this.broadcasts.get(this.otherAdmin, draft.id()))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.broadcasts.cancel(this.otherAdmin, draft.id()))
			.isInstanceOf(NotFoundException.class);
		assertThat(this.broadcasts.list(this.otherAdmin, null, PageRequest.of(0, 100)).getContent())
			.extracting(Broadcast::id)
			.doesNotContain(draft.id());
		assertThat(this.broadcasts.get(this.admin, draft.id()).status()).isEqualTo(BroadcastStatus.DRAFT);
	}

	@Test
	void aDuplicateIsANewDraftWithTheSameMessageAudienceAndSchedule() {
		Broadcast original = this.broadcasts.create(this.admin, later(BroadcastFixtures.tag()));
		this.broadcasts.cancel(this.admin, original.id());

		Broadcast copy = this.broadcasts.duplicate(this.admin, original.id());

		assertThat(copy.id()).isNotEqualTo(original.id());
		assertThat(copy.status()).isEqualTo(BroadcastStatus.DRAFT);
		assertThat(copy.name()).isEqualTo("Copy of " + original.name());
		assertThat(copy.draft().body()).isEqualTo(original.draft().body());
		assertThat(copy.draft().audience()).isEqualTo(original.draft().audience());
		assertThat(copy.draft().schedule()).isEqualTo(original.draft().schedule());
		assertThat(actions(copy.id())).containsExactly("broadcast.created", "broadcast.duplicated");
	}

	@Test
	void aCancelledBroadcastStaysCancelled() {
		Broadcast draft = this.broadcasts.create(this.admin, later(BroadcastFixtures.tag()));
		this.broadcasts.schedule(this.admin, draft.id());

		Broadcast cancelled = this.broadcasts.cancel(this.admin, draft.id());

		assertThat(cancelled.status()).isEqualTo(BroadcastStatus.CANCELLED);
		assertThat(cancelled.finishedAt()).isNotNull();
		assertThatThrownBy(() -> this.broadcasts.cancel(this.admin, draft.id()))
			.isInstanceOf(BroadcastStateException.class);
		assertThatThrownBy(() -> this.broadcasts.update(this.admin, draft.id(), later(BroadcastFixtures.tag()), null))
			.isInstanceOf(BroadcastStateException.class);
	}

	@Test
	void badInputIsRefusedWithTheFieldToFix() {
		assertThatThrownBy(() -> this.broadcasts.create(this.admin,
				BroadcastFixtures.sms(BroadcastFixtures.tag(), "Hi {{ contact.first_name ").withName("x")))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(ex) -> assertThat(ex.getFieldErrors()).containsKey("body"));
		assertThatThrownBy(() -> this.broadcasts.create(this.admin,
				BroadcastFixtures.sms(BroadcastFixtures.tag(), "Hi").withName("  ")))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(ex) -> assertThat(ex.getFieldErrors()).containsKey("name"));
		Broadcast empty = this.broadcasts.create(this.admin, new BroadcastDraft("Empty", null,
				com.herald.consent.Channel.SMS, null, null, null, null, Schedule.NOW, 0));
		assertThatThrownBy(() -> this.broadcasts.submit(this.admin, empty.id())).isInstanceOfSatisfying(
				InvalidInputException.class, (ex) -> assertThat(ex.getFieldErrors()).containsKeys("audience", "body"));
	}

	private static BroadcastDraft later(String tag) {
		return withSchedule(BroadcastFixtures.sms(tag, "Hi {{ contact.first_name | default: 'there' }}"),
				Schedule.at(TOMORROW));
	}

	static BroadcastDraft withSchedule(BroadcastDraft draft, Schedule schedule) {
		return new BroadcastDraft(draft.name(), draft.storeId(), draft.channel(), draft.audience(), draft.templateId(),
				draft.body(), draft.category(), schedule, draft.unitCostMicros());
	}

	private List<String> actions(UUID broadcastId) {
		return actions(this.tenant, broadcastId);
	}

	private List<String> actions(TenantId tenant, UUID broadcastId) {
		return this.transactions.readInTenant(tenant, () -> this.jdbc.sql("""
				SELECT action FROM audit_events WHERE tenant_id = ? AND target_type = 'broadcast' AND target_id = ?
				ORDER BY seq""").params(tenant.value(), broadcastId.toString()).query(String.class).list());
	}

}
