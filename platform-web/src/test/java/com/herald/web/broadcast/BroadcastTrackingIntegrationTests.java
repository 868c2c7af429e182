package com.herald.web.broadcast;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.BroadcastFixtures;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastSettings;
import com.herald.broadcast.BroadcastStatus;
import com.herald.broadcast.Schedule;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.dispatch.ScriptedChannel;
import com.herald.support.HeraldWebTest;
import com.herald.support.ScriptedBroadcasts;
import com.herald.support.WebSession;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broadcast page over real HTTP while the engine really sends (to the suite's
 * scripted SMS provider): counters that stop polling once complete, the recipient table's
 * status filter and search, dead letters retried from the page, test sends, and pause,
 * resume and cancel.
 */
@HeraldWebTest
class BroadcastTrackingIntegrationTests {

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

	@Autowired
	ScriptedBroadcasts scripted;

	@Autowired
	ScriptedChannel provider;

	@Test
	void countersRecipientsAndDeadLettersFollowTheSend() {
		TwoTenants.TenantFixture tenant = ready();
		Actor admin = tenant.admin(this.accounts);
		String tag = BroadcastFixtures.tag();
		this.fixtures.audience(admin, tag, 2);
		Contact bad = this.fixtures.optedIn(admin, tag, ContactFixtures.person().firstName("Zed" + tag));
		this.provider.script(bad.getPhone(), ScriptedChannel.Behaviour.INVALID_NUMBER);
		Broadcast broadcast = this.broadcasts.create(admin,
				BroadcastFixtures.sms(tag, "Hello {{ contact.first_name }}"));
		String base = "/broadcasts/" + broadcast.id();
		WebSession session = signIn(tenant.adminEmail());

		assertThat(session.get(base).body()).contains("hx-trigger=\"every 2s\"");
		assertThat(session.post(base + "/launch", Map.of()).statusCode()).isEqualTo(302);
		BroadcastFixtures.await("the broadcast completes",
				() -> this.broadcasts.get(admin, broadcast.id()).status() == BroadcastStatus.COMPLETED);

		String live = session.get(base + "/stats", HTMX).body();
		assertThat(live).contains("data-stat=\"status\">Completed<")
			.contains("data-stat=\"recipients\">3<")
			.contains("data-stat=\"sent\">2<")
			.contains("data-stat=\"failed\">1<")
			.contains("data-stat=\"queued\">0<")
			.doesNotContain("hx-trigger");
		assertThat(live).containsPattern("points=\"[0-9.,]+( [0-9.,]+){59}\"");

		String failed = session.get(base + "?state=failed", HTMX).body();
		assertThat(failed).contains(bad.getPhone()).doesNotContain("<html");
		assertThat(failed.split("<tr>").length - 2).isEqualTo(1);
		assertThat(session.get(base + "?q=zed", HTMX).body()).contains(bad.getPhone());
		assertThat(session.get(base + "?q=ann", HTMX).body()).doesNotContain(bad.getPhone()).contains("Ann0");

		String page = session.get(base).body();
		assertThat(page).contains("Dead letters (1)").contains(bad.getPhone());
		String failedId = this.fixtures.deliveries(tenant.id(), broadcast.id())
			.stream()
			.filter((d) -> d.status().equals("failed"))
			.findFirst()
			.orElseThrow()
			.id()
			.toString();
		this.provider.script(bad.getPhone(), ScriptedChannel.Behaviour.ACCEPT);
		HttpResponse<String> retried = session.post(base + "/dead-letters/retry", Map.of("deliveryIds", failedId));
		assertThat(retried.statusCode()).isEqualTo(302);
		assertThat(session.get(base).body()).contains("1 message is back in the queue.");
		BroadcastFixtures.await("the retried message is sent",
				() -> session.get(base + "/stats", HTMX).body().contains("data-stat=\"sent\">3<"));
		assertThat(this.broadcasts.get(admin, broadcast.id()).status()).isEqualTo(BroadcastStatus.COMPLETED);
	}

	@Test
	void pauseResumeAndCancelFromThePage() {
		TwoTenants.TenantFixture tenant = ready();
		Actor admin = tenant.admin(this.accounts);
		String tag = BroadcastFixtures.tag();
		this.fixtures.audience(admin, tag, 3);
		// one message a minute: it stays sending while the test steers it
		Schedule slow = Schedule.window(null, Instant.now().plus(3, ChronoUnit.HOURS), 1, null, null);
		Broadcast broadcast = this.broadcasts.create(admin, new BroadcastDraft("Slow " + tag, null,
				com.herald.consent.Channel.SMS, BroadcastFixtures.tagged(tag), null, "Hi", "promotional", slow, 0));
		String base = "/broadcasts/" + broadcast.id();
		WebSession session = signIn(tenant.adminEmail());
		session.post(base + "/launch", Map.of());
		BroadcastFixtures.await("it is sending",
				() -> this.broadcasts.get(admin, broadcast.id()).status() == BroadcastStatus.SENDING);

		assertThat(session.get(base).body()).contains(">Pause<").doesNotContain(">Resume<");
		session.post(base + "/pause", Map.of());
		assertThat(this.broadcasts.get(admin, broadcast.id()).status()).isEqualTo(BroadcastStatus.PAUSED);
		assertThat(session.get(base).body()).contains("Paused: no more messages go out").contains(">Resume<");
		session.post(base + "/pause", Map.of());
		assertThat(session.get(base).body()).contains("The broadcast is paused, not sending");

		session.post(base + "/resume", Map.of());
		assertThat(this.broadcasts.get(admin, broadcast.id()).status()).isEqualTo(BroadcastStatus.SENDING);
		session.post(base + "/cancel", Map.of());
		assertThat(this.broadcasts.get(admin, broadcast.id()).status()).isEqualTo(BroadcastStatus.CANCELLED);
		String page = session.get(base).body();
		assertThat(page).contains("data-stat=\"status\">Cancelled<").doesNotContain(">Pause<");
		BroadcastFixtures.await("the queue is emptied",
				() -> session.get(base + "/stats", HTMX).body().contains("data-stat=\"queued\">0<"));
	}

	@Test
	void testSendsGoToTheTenantsTestNumbers() {
		TwoTenants.TenantFixture tenant = ready();
		Actor admin = tenant.admin(this.accounts);
		WebSession session = signIn(tenant.adminEmail());
		Broadcast broadcast = this.broadcasts.create(admin,
				BroadcastFixtures.sms(BroadcastFixtures.tag(), "Test {{ contact.first_name | default: \"there\" }}"));
		String base = "/broadcasts/" + broadcast.id();

		session.post(base + "/test-send", Map.of());
		assertThat(session.get(base).body()).contains("Add test numbers in the broadcast settings first");

		HttpResponse<String> bad = session.post("/broadcasts/settings",
				Map.of("approval", "never", "testNumbers", "+12015550142\nnot a number"));
		assertThat(bad.statusCode()).isEqualTo(200);
		assertThat(bad.body()).contains("Line 2:").contains("not a number");
		assertThat(this.broadcasts.settings(tenant.id()).testNumbers()).isEmpty();

		assertThat(session.post("/broadcasts/settings", Map.of("approval", "never", "testNumbers", "+12015550142"))
			.statusCode()).isEqualTo(302);
		session.post(base + "/test-send", Map.of());
		assertThat(session.get(base).body()).contains("Test message sent to 1 of 1 test numbers.");
		assertThat(this.provider.sent(tenant.id().value())).extracting(ScriptedChannel.Sent::to)
			.containsExactly("+12015550142");
		assertThat(this.provider.sent(tenant.id().value())).extracting(ScriptedChannel.Sent::text)
			.containsExactly("Test there");
		assertThat(this.broadcasts.settings(tenant.id()).approval()).isEqualTo(BroadcastSettings.Approval.NEVER);
		assertThat(this.broadcasts.get(admin, broadcast.id()).status()).isEqualTo(BroadcastStatus.DRAFT);
		assertThat(session.get("/broadcasts/settings").body()).contains("+12015550142");
	}

	private TwoTenants.TenantFixture ready() {
		TwoTenants.TenantFixture tenant = this.tenancy.tenant();
		this.scripted.scriptedSms(tenant.id());
		return tenant;
	}

	private WebSession signIn(String email) {
		WebSession session = WebSession.signedIn(this.port, email, TwoTenants.PASSWORD);
		session.get("/broadcasts");
		return session;
	}

}
