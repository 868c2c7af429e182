package com.herald.email.tracking;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.audit.AuditFilter;
import com.herald.audit.AuditService;
import com.herald.broadcast.BroadcastService;
import com.herald.channel.ChannelRegistry;
import com.herald.channel.CommunicationChannel;
import com.herald.channel.MessageContent;
import com.herald.channel.OutboundMessage;
import com.herald.consent.Channel;
import com.herald.contact.ContactService;
import com.herald.email.EmailSettingsChange;
import com.herald.email.EmailSettingsService;
import com.herald.email.smtp.SmtpSettingsChange;
import com.herald.email.smtp.SmtpSettingsService;
import com.herald.support.ApiClient;
import com.herald.support.HeraldWebTest;
import com.herald.support.StandIns;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;
import com.herald.tenancy.TwoTenants;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Herald's own open and click tracking, from the tenant's switch to the recorded event:
 * with tracking on, links in an SMTP email (received by GreenMail) lead through signed
 * redirect URLs and a pixel is added, while unsubscribe, preference, mailto and opted-out
 * links stay as they were; opening the pixel and following a link (no sign-in) record one
 * open and one click on the delivery and redirect only to the signed URL; a tampered
 * token records nothing and redirects nowhere; tracking is off unless a tenant turns it
 * on.
 */
@HeraldWebTest
class EmailTrackingIntegrationTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	SmtpSettingsService smtpSettings;

	@Autowired
	EmailSettingsService emailSettings;

	@Autowired
	ChannelRegistry registry;

	@Autowired
	AuditService audit;

	@Autowired
	BroadcastService broadcasts;

	@Autowired
	ContactService contacts;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TenantTransactions transactions;

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private com.herald.email.EmailTestDeliveries deliveries;

	private TwoTenants.TenantFixture tenant;

	private Actor admin;

	@BeforeEach
	void tenantWithSmtp() {
		this.tenant = this.tenancy.tenant();
		this.admin = this.tenant.admin(this.accounts);
		this.deliveries = new com.herald.email.EmailTestDeliveries(this.broadcasts, this.contacts, this.jdbc,
				this.transactions);
		smtpFor(this.admin);
	}

	@Test
	void tracksOpensAndClicksButNeverUnsubscribeLinks() throws Exception {
		ApiClient api = ApiClient.bearer(this.port, ApiClient.jwtFor(this.tenant.adminEmail(), true));
		assertThat(api.get("/api/v1/settings/email-tracking").json().path("enabled").asBoolean()).isFalse();
		assertThat(api.put("/api/v1/settings/email-tracking", Map.of("enabled", true)).status()).isEqualTo(200);
		assertThat(
				this.audit.search(this.admin, AuditFilter.all().withAction("email-tracking.changed"), null, 1).events())
			.hasSize(1);
		UUID delivery = this.deliveries.create(this.tenant.id(), this.admin, "reader@example.org", "sent");

		smtp().send(message(this.tenant.id(), delivery, "reader@example.org"));

		String html = receivedHtml("reader@example.org");
		List<String> links = hrefs(html);
		assertThat(links).hasSize(5);
		assertThat(links.get(0)).startsWith(StandIns.PUBLIC_URL + "/t/c/");
		assertThat(links.get(1)).isEqualTo("https://herald.test/u/one-click-" + delivery);
		assertThat(links.get(2)).isEqualTo(StandIns.PUBLIC_URL + "/p/preferences-token");
		assertThat(links.get(3)).isEqualTo("mailto:help@example.com");
		assertThat(links.get(4)).isEqualTo("https://shop.example.com/untracked");
		Matcher pixel = Pattern.compile("<img src=\"" + Pattern.quote(StandIns.PUBLIC_URL) + "(/t/o/[A-Za-z0-9_-]+)\"")
			.matcher(html);
		assertThat(pixel.find()).as("the open pixel in " + html).isTrue();
		assertThat(html.indexOf(pixel.group())).isLessThan(html.indexOf("</body>"));

		HttpResponse<String> click = get(links.get(0).substring(StandIns.PUBLIC_URL.length()));
		assertThat(click.statusCode()).isEqualTo(302);
		assertThat(click.headers().firstValue("Location")).contains("https://shop.example.com/sale?utm=spring&id=7");
		HttpResponse<String> open = get(pixel.group(1));
		assertThat(open.statusCode()).isEqualTo(200);
		assertThat(open.headers().firstValue("Content-Type")).contains("image/gif");
		get(pixel.group(1));

		assertThat(this.deliveries.events(this.tenant.id(), delivery))
			.containsExactlyInAnyOrderEntriesOf(Map.of("clicked", "https://shop.example.com/sale", "opened", ""));
	}

	@Test
	void aTamperedTokenRecordsNothingAndRedirectsNowhere() throws Exception {
		this.transactions.runInTenant(this.tenant.id(),
				() -> this.jdbc.sql("INSERT INTO email_tracking_settings (tenant_id, enabled) VALUES (?, true)")
					.param(this.tenant.id().value())
					.update());
		UUID delivery = this.deliveries.create(this.tenant.id(), this.admin, "tamper@example.org", "sent");
		smtp().send(message(this.tenant.id(), delivery, "tamper@example.org"));
		String link = hrefs(receivedHtml("tamper@example.org")).get(0).substring(StandIns.PUBLIC_URL.length());
		char last = link.charAt(link.length() - 1);
		String tampered = link.substring(0, link.length() - 1) + ((last == 'A') ? 'B' : 'A');

		HttpResponse<String> click = get(tampered);
		HttpResponse<String> open = get("/t/o/" + link.substring("/t/c/".length()));
		HttpResponse<String> garbage = get("/t/c/not-a-token");

		assertThat(click.statusCode()).isEqualTo(404);
		assertThat(click.headers().firstValue("Location")).isEmpty();
		assertThat(click.body()).contains("This link is not valid");
		assertThat(open.statusCode()).as("a click token is no open token").isEqualTo(404);
		assertThat(garbage.statusCode()).isEqualTo(404);
		assertThat(this.deliveries.events(this.tenant.id(), delivery)).isEmpty();
	}

	@Test
	void leavesLinksAloneUnlessTheTenantTurnedTrackingOn() throws Exception {
		TwoTenants.TenantFixture other = this.tenancy.tenant();
		Actor otherAdmin = other.admin(this.accounts);
		smtpFor(otherAdmin);
		UUID delivery = this.deliveries.create(other.id(), otherAdmin, "plain@example.org", "sent");

		smtp().send(message(other.id(), delivery, "plain@example.org"));

		String html = receivedHtml("plain@example.org");
		assertThat(html).doesNotContain("/t/c/").doesNotContain("/t/o/");
		assertThat(hrefs(html).get(0)).isEqualTo("https://shop.example.com/sale?utm=spring&amp;id=7");
	}

	private void smtpFor(Actor actor) {
		this.emailSettings.save(actor, null,
				new EmailSettingsChange("Shop", "news@shop.example.com", null, "smtp", null, null, false, null));
		this.smtpSettings.save(actor, null, new SmtpSettingsChange("127.0.0.1",
				String.valueOf(greenMail.getSmtp().getPort()), "none", null, null, false));
	}

	private CommunicationChannel smtp() {
		return this.registry.byProvider(Channel.EMAIL, "smtp").orElseThrow();
	}

	private static OutboundMessage message(TenantId tenant, UUID delivery, String to) {
		String html = "<html><body><p><a href=\"https://shop.example.com/sale?utm=spring&amp;id=7\">Shop now</a></p>"
				+ "<p><a href='https://herald.test/u/one-click-" + delivery + "'>Unsubscribe</a> " + "<a href=\""
				+ StandIns.PUBLIC_URL + "/p/preferences-token\">Preferences</a> "
				+ "<a href=\"mailto:help@example.com\">Help</a> "
				+ "<a data-herald-no-track href=\"https://shop.example.com/untracked\">Plain</a></p></body></html>";
		return new OutboundMessage(tenant.value(), null, delivery, Channel.EMAIL, to,
				new MessageContent("Shop now", "Sale", html), "promotional",
				Map.of("unsubscribeUrl", "https://herald.test/u/one-click-" + delivery));
	}

	private String receivedHtml(String to) throws Exception {
		assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
		MimeMessage received = greenMail.getReceivedMessagesForDomain(to)[0];
		return ((MimeMultipart) received.getContent()).getBodyPart(1).getContent().toString();
	}

	private static List<String> hrefs(String html) {
		Matcher matcher = Pattern.compile("href=[\"']([^\"']*)[\"']").matcher(html);
		List<String> found = new java.util.ArrayList<>();
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
