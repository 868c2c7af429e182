package com.herald.web.broadcast;

import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.audience.Condition;
import com.herald.broadcast.Audience;
import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastSettings;
import com.herald.broadcast.BroadcastStatus;
import com.herald.broadcast.Schedule;
import com.herald.consent.Channel;
import com.herald.support.HeraldWebTest;
import com.herald.support.WebSession;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broadcast wizard over real HTTP: each step saves the draft, refused input comes
 * back with per-field errors and everything typed, approvals follow the roles, and
 * another tenant's broadcast does not exist.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BroadcastWizardIntegrationTests {

	private static final Map<String, String> HTMX = Map.of("HX-Request", "true");

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	BroadcastFixtures fixtures;

	TwoTenants two;

	Actor admin;

	Actor manager;

	String tag;

	@BeforeAll
	void createTenantsAndAudience() {
		this.two = this.tenancy.twoTenants();
		this.admin = this.two.a().admin(this.accounts);
		this.manager = this.two.a().manager(this.accounts);
		this.tag = BroadcastFixtures.tag();
		this.fixtures.audience(this.admin, this.tag, 3);
	}

	@Test
	void everyStepSavesTheDraftAndTheReviewCountsTheAudience() {
		WebSession session = signIn(this.two.a().adminEmail());
		HttpResponse<String> created = session.post("/broadcasts",
				Map.of("name", "Winter offer", "channel", "sms", "storeId", ""));
		assertThat(created.statusCode()).isEqualTo(302);
		String location = created.headers().firstValue("Location").orElseThrow();
		assertThat(location).endsWith("/edit/audience");
		UUID id = UUID.fromString(location.replaceAll(".*/broadcasts/([^/]+)/edit/audience", "$1"));
		String base = "/broadcasts/" + id;

		HttpResponse<String> count = session.postRaw(base + "/audience/count", Map.of("_csrf", session.csrfToken(),
				"audienceKind", "criteria", "field0", "tags", "operator0", "any", "value0", this.tag), HTMX);
		assertThat(count.body()).contains("data-stat=\"matched\">3<");

		assertThat(session.post(base + "/edit/audience",
				Map.of("audienceKind", "criteria", "logic", "AND", "field0", "tags", "operator0", "any", "value0",
						this.tag))
			.headers()
			.firstValue("Location")).hasValueSatisfying((next) -> assertThat(next).endsWith("/edit/compose"));
		assertThat(this.broadcasts.get(this.admin, id).draft().audience())
			.isEqualTo(Audience.criteria(new com.herald.audience.Group(com.herald.audience.Group.Logic.AND,
					List.of(Condition.of("tags", "any", this.tag)))));

		HttpResponse<String> stats = session.postRaw(base + "/compose/stats",
				Map.of("_csrf", session.csrfToken(), "body", "x".repeat(161)), HTMX);
		assertThat(stats.body()).contains("data-stat=\"segments\">2<").contains("data-stat=\"encoding\">GSM-7<");

		assertThat(session
			.post(base + "/edit/compose",
					Map.of("body", "Hi {{ contact.first_name }}, 20% off today", "category", "promotional"))
			.statusCode()).isEqualTo(302);
		Broadcast composed = this.broadcasts.get(this.admin, id);
		assertThat(composed.draft().body()).isEqualTo("Hi {{ contact.first_name }}, 20% off today");
		assertThat(composed.draft().unitCostMicros()).isPositive();

		assertThat(session
			.post(base + "/edit/schedule",
					Map.of("scheduleKind", "window", "windowStart", "2030-01-02T09:00", "windowEnd", "2030-01-02T17:00",
							"maxPerMinute", "10", "maxPerHour", "300", "jitterSeconds", "20"))
			.statusCode()).isEqualTo(302);
		Schedule schedule = this.broadcasts.get(this.admin, id).draft().schedule();
		// a tenant-wide broadcast reads times in UTC
		java.time.ZoneId zone = java.time.ZoneOffset.UTC;
		assertThat(schedule.kind()).isEqualTo(Schedule.Kind.WINDOW);
		assertThat(schedule.sendAt()).isEqualTo(LocalDateTime.parse("2030-01-02T09:00").atZone(zone).toInstant());
		assertThat(schedule.windowEnd()).isEqualTo(LocalDateTime.parse("2030-01-02T17:00").atZone(zone).toInstant());
		assertThat(schedule.maxPerMinute()).isEqualTo(10);
		assertThat(schedule.jitterSeconds()).isEqualTo(20);

		String review = session.get(base + "/edit/review").body();
		assertThat(review).contains("data-stat=\"matched\">3<")
			.contains("data-stat=\"estimated\">3<")
			.contains(">Launch<")
			.contains("Hi {{ contact.first_name }}, 20% off today");
		// the schedule step shows the saved times back in the store's zone
		assertThat(session.get(base + "/edit/schedule").body()).contains("value=\"2030-01-02T09:00\"");
	}

	@Test
	void aStoresBroadcastCountsThatStoresContactsOnly() {
		String storeTag = BroadcastFixtures.tag();
		this.fixtures.audience(this.admin, storeTag, 2);
		this.fixtures.optedIn(this.admin, storeTag,
				com.herald.contact.ContactFixtures.person().storeId(this.two.a().storeOne().getId()));
		Broadcast draft = this.broadcasts.create(this.manager,
				BroadcastFixtures.sms(storeTag, "Hello", this.two.a().storeOne().getId()));
		WebSession session = signIn(this.two.a().managerEmail());
		HttpResponse<String> count = session
			.postRaw(
					"/broadcasts/" + draft.id() + "/audience/count", Map.of("_csrf", session.csrfToken(),
							"audienceKind", "criteria", "field0", "tags", "operator0", "any", "value0", storeTag),
					HTMX);
		assertThat(count.body()).contains("data-stat=\"matched\">1<").contains("data-stat=\"reachable\">1<");
		assertThat(session.get("/broadcasts/" + draft.id() + "/edit/review").body())
			.contains("data-stat=\"matched\">1<");
	}

	@Test
	void refusedInputComesBackWithFieldErrorsAndNothingLost() {
		WebSession session = signIn(this.two.a().adminEmail());
		HttpResponse<String> blank = session.post("/broadcasts", Map.of("name", " ", "channel", "whatsapp"));
		assertThat(blank.statusCode()).isEqualTo(200);
		assertThat(blank.body()).contains("Give the broadcast a name").contains("value=\"whatsapp\" selected");

		Broadcast draft = this.broadcasts.create(this.admin, BroadcastFixtures.sms(this.tag, "Hello"));
		String base = "/broadcasts/" + draft.id();
		Map<String, String> window = new LinkedHashMap<>();
		window.put("scheduleKind", "window");
		window.put("windowStart", "2030-01-02T17:00");
		window.put("windowEnd", "2030-01-02T09:00");
		window.put("maxPerMinute", "lots");
		HttpResponse<String> refused = session.post(base + "/edit/schedule", window);
		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(refused.body()).contains("Enter a whole number")
			.contains("value=\"lots\"")
			.contains("value=\"2030-01-02T17:00\"");
		window.put("maxPerMinute", "5");
		assertThat(session.post(base + "/edit/schedule", window).body())
			.contains("The window must end after it starts");
		HttpResponse<String> noTime = session.post(base + "/edit/schedule", Map.of("scheduleKind", "at"));
		assertThat(noTime.body()).contains("Enter a date and time");

		HttpResponse<String> badField = session.post(base + "/edit/audience",
				Map.of("audienceKind", "criteria", "field0", "shoe_size", "operator0", "equals", "value0", "9"));
		assertThat(badField.statusCode()).isEqualTo(200);
		assertThat(badField.body()).contains("error-summary").contains("value=\"9\"");
		HttpResponse<String> noBody = session.post(base + "/edit/compose", Map.of("body", "  "));
		assertThat(noBody.body()).contains("Write the message");
		HttpResponse<String> badLiquid = session.post(base + "/edit/compose",
				Map.of("body", "Hi {{ contact.first_name"));
		assertThat(badLiquid.statusCode()).isEqualTo(200);
		assertThat(badLiquid.body()).contains("Hi {{ contact.first_name</textarea>");

		Broadcast after = this.broadcasts.get(this.admin, draft.id());
		assertThat(after.draft()).isEqualTo(draft.draft());
		assertThat(after.version()).isEqualTo(draft.version());
	}

	@Test
	void storeManagersSubmitAndOnlyAnotherTenantAdminApproves() {
		TwoTenants own = this.tenancy.twoTenants();
		Actor ownAdmin = own.a().admin(this.accounts);
		Actor ownManager = own.a().manager(this.accounts);
		this.broadcasts.updateSettings(ownAdmin,
				new BroadcastSettings(BroadcastSettings.Approval.STORE_MANAGERS, List.of()));
		Broadcast draft = this.broadcasts.create(ownManager,
				BroadcastFixtures.sms(BroadcastFixtures.tag(), "Hello", own.a().storeOne().getId()));
		String base = "/broadcasts/" + draft.id();

		WebSession managerSession = signIn(own.a().managerEmail());
		assertThat(managerSession.get(base + "/edit/review").body()).contains("Submit for approval")
			.doesNotContain(">Launch<");
		HttpResponse<String> launch = managerSession.post(base + "/launch", Map.of());
		assertThat(launch.statusCode()).isEqualTo(302);
		assertThat(managerSession.get(base).body()).contains("needs a tenant admin&#39;s approval");
		assertThat(this.broadcasts.get(ownAdmin, draft.id()).status()).isEqualTo(BroadcastStatus.DRAFT);

		assertThat(managerSession.post(base + "/submit", Map.of()).statusCode()).isEqualTo(302);
		assertThat(managerSession.post(base + "/approve", Map.of("comment", "self")).statusCode()).isEqualTo(403);

		WebSession adminSession = signIn(own.a().adminEmail());
		assertThat(adminSession.get(base).body()).contains(">Approve<").contains(">Reject<");
		HttpResponse<String> noReason = adminSession.post(base + "/reject", Map.of("comment", ""));
		assertThat(noReason.statusCode()).isEqualTo(200);
		assertThat(noReason.body()).contains("Say why, so the author can fix it");
		assertThat(this.broadcasts.get(ownAdmin, draft.id()).status()).isEqualTo(BroadcastStatus.AWAITING_APPROVAL);

		assertThat(adminSession.post(base + "/reject", Map.of("comment", "Mention the store's name")).statusCode())
			.isEqualTo(302);
		Broadcast rejected = this.broadcasts.get(ownAdmin, draft.id());
		assertThat(rejected.status()).isEqualTo(BroadcastStatus.DRAFT);
		assertThat(managerSession.get(base).body()).contains("Mention the store&#39;s name");

		managerSession.post(base + "/submit", Map.of());
		assertThat(adminSession.post(base + "/approve", Map.of("comment", "Fine")).statusCode()).isEqualTo(302);
		assertThat(this.broadcasts.get(ownAdmin, draft.id()).status()).isIn(BroadcastStatus.SCHEDULED,
				BroadcastStatus.SENDING, BroadcastStatus.COMPLETED);
		// compliance officers read but never act
		WebSession compliance = signIn(own.a().complianceEmail());
		assertThat(compliance.get(base).statusCode()).isEqualTo(200);
		assertThat(compliance.get(base).body()).doesNotContain(">Duplicate<");
		assertThat(compliance.post(base + "/duplicate", Map.of()).statusCode()).isEqualTo(403);
	}

	@Test
	void anAuthorCannotApproveTheirOwnBroadcast() {
		TwoTenants own = this.tenancy.twoTenants();
		Actor ownAdmin = own.a().admin(this.accounts);
		this.broadcasts.updateSettings(ownAdmin, new BroadcastSettings(BroadcastSettings.Approval.EVERYONE, List.of()));
		Broadcast draft = this.broadcasts.create(ownAdmin, BroadcastFixtures.sms(BroadcastFixtures.tag(), "Hello"));
		WebSession adminSession = signIn(own.a().adminEmail());
		adminSession.post("/broadcasts/" + draft.id() + "/submit", Map.of());
		String page = adminSession.get("/broadcasts/" + draft.id()).body();
		assertThat(page).contains("Awaiting approval").doesNotContain(">Approve<");
		assertThat(adminSession.post("/broadcasts/" + draft.id() + "/approve", Map.of()).statusCode()).isEqualTo(403);
		assertThat(this.broadcasts.get(ownAdmin, draft.id()).status()).isEqualTo(BroadcastStatus.AWAITING_APPROVAL);
	}

	@Test
	void duplicatingOpensANewDraftWithTheSameMessage() {
		Broadcast original = this.broadcasts.create(this.admin, BroadcastFixtures.sms(this.tag, "Copy me"));
		WebSession session = signIn(this.two.a().adminEmail());
		HttpResponse<String> copied = session.post("/broadcasts/" + original.id() + "/duplicate", Map.of());
		assertThat(copied.statusCode()).isEqualTo(302);
		String location = copied.headers().firstValue("Location").orElseThrow();
		UUID copy = UUID.fromString(location.replaceAll(".*/broadcasts/([^/]+)/edit/channel", "$1"));
		Broadcast duplicate = this.broadcasts.get(this.admin, copy);
		assertThat(duplicate.name()).isEqualTo("Copy of " + original.name());
		assertThat(duplicate.draft().body()).isEqualTo("Copy me");
		assertThat(duplicate.status()).isEqualTo(BroadcastStatus.DRAFT);
	}

	@Test
	void anotherTenantsBroadcastDoesNotExist() {
		Broadcast secret = this.broadcasts.create(this.admin, new BroadcastDraft("Secret plan " + this.tag, null,
				Channel.SMS, null, null, "Hush", null, Schedule.NOW, 0));
		WebSession other = signIn(this.two.b().adminEmail());
		assertThat(other.get("/broadcasts/" + secret.id()).statusCode()).isEqualTo(404);
		assertThat(other.get("/broadcasts/" + secret.id() + "/stats").statusCode()).isEqualTo(404);
		assertThat(other.get("/broadcasts/" + secret.id() + "/edit/compose").statusCode()).isEqualTo(404);
		assertThat(
				other.post("/broadcasts/" + secret.id() + "/edit/channel", Map.of("name", "Mine now", "channel", "sms"))
					.statusCode())
			.isEqualTo(404);
		assertThat(other.post("/broadcasts/" + secret.id() + "/cancel", Map.of()).statusCode()).isEqualTo(404);
		assertThat(other.get("/broadcasts").body()).doesNotContain("Secret plan");
		assertThat(this.broadcasts.get(this.admin, secret.id()).name()).isEqualTo("Secret plan " + this.tag);
		assertThat(signIn(this.two.a().adminEmail()).get("/broadcasts?status=draft").body())
			.contains("Secret plan " + this.tag);
	}

	private WebSession signIn(String email) {
		WebSession session = WebSession.signedIn(this.port, email, TwoTenants.PASSWORD);
		session.get("/broadcasts");
		return session;
	}

}
