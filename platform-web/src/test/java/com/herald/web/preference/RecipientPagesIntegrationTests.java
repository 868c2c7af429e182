package com.herald.web.preference;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.herald.broadcast.BroadcastFixtures;
import com.herald.consent.Channel;
import com.herald.consent.ConsentRecord;
import com.herald.consent.ConsentService;
import com.herald.consent.ConsentSource;
import com.herald.consent.ConsentStatus;
import com.herald.consent.SuppressionService;
import com.herald.contact.Contact;
import com.herald.contact.ContactFixtures;
import com.herald.contact.ContactService;
import com.herald.preference.PreferenceLinks;
import com.herald.support.HeraldWebTest;
import com.herald.tenancy.Actor;
import com.herald.tenancy.SecretBox;
import com.herald.tenancy.TenancyFixtures;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.UserAccountService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public pages over real HTTP, as a mail client, a link scanner and a mail provider
 * reach them: GET never unsubscribes, the form needs its CSRF token, the RFC 8058
 * one-click POST needs none, bad links get friendly pages, the language follows the
 * browser or the switch, and a link hammered too often gets 429.
 */
@HeraldWebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecipientPagesIntegrationTests {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	@Autowired
	TenancyFixtures tenancy;

	@Autowired
	UserAccountService accounts;

	@Autowired
	BroadcastFixtures fixtures;

	@Autowired
	ContactService contacts;

	@Autowired
	ConsentService consent;

	@Autowired
	SuppressionService suppressions;

	@Autowired
	PreferenceLinks links;

	@Autowired
	SecretBox secrets;

	TenantId tenant;

	Actor admin;

	@BeforeAll
	void createTenant() {
		var two = this.tenancy.twoTenants();
		this.tenant = two.a().id();
		this.admin = two.a().admin(this.accounts);
	}

	@Test
	void getShowsAConfirmationAndNeverUnsubscribes() throws Exception {
		Contact contact = optedIn();
		String url = local(this.links.unsubscribe(this.tenant, contact.getId(), Channel.SMS, null));

		for (int i = 0; i < 3; i++) {
			HttpResponse<String> page = send(HttpClient.newHttpClient(), HttpRequest.newBuilder(URI.create(url)).GET());
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).contains("Unsubscribe from text messages (SMS)?")
				.contains("<form method=\"post\"")
				.contains("name=\"_csrf\"");
		}
		HttpResponse<String> head = send(HttpClient.newHttpClient(),
				HttpRequest.newBuilder(URI.create(url)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
		assertThat(head.statusCode()).isEqualTo(200);

		assertThat(this.consent.status(this.tenant, contact.getId(), Channel.SMS)).isEqualTo(ConsentStatus.OPTED_IN);
		assertThat(this.suppressions.isSuppressed(this.tenant, Channel.SMS, contact.getPhone())).isFalse();
	}

	@Test
	void theFormUnsubscribesWithItsCsrfTokenOnly() throws Exception {
		Contact contact = optedIn();
		String url = local(this.links.unsubscribe(this.tenant, contact.getId(), Channel.SMS, UUID.randomUUID()));

		HttpResponse<String> forged = send(HttpClient.newHttpClient(), form(url, "lang=en"));
		assertThat(forged.statusCode()).as("no token: back to the page").isEqualTo(302);
		assertThat(forged.headers().firstValue("Location"))
			.hasValueSatisfying((l) -> assertThat(l).endsWith("?expired"));
		assertThat(this.consent.status(this.tenant, contact.getId(), Channel.SMS)).isEqualTo(ConsentStatus.OPTED_IN);

		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		HttpResponse<String> page = send(browser, HttpRequest.newBuilder(URI.create(url)).GET());
		HttpResponse<String> done = send(browser,
				form(url, "_csrf=" + URLEncoder.encode(csrf(page.body()), StandardCharsets.UTF_8) + "&lang=en")
					.header("User-Agent", "Recipient Browser/1.0"));

		assertThat(done.statusCode()).isEqualTo(200);
		assertThat(done.body()).contains("You are unsubscribed").contains("href=\"/p/");
		assertThat(this.consent.status(this.tenant, contact.getId(), Channel.SMS)).isEqualTo(ConsentStatus.OPTED_OUT);
		ConsentRecord record = this.consent.history(this.admin, contact.getId()).get(0);
		assertThat(record.source()).isEqualTo(ConsentSource.UNSUBSCRIBE_LINK);
		assertThat(record.ip()).isEqualTo("127.0.0.1");
		assertThat(record.userAgent()).isEqualTo("Recipient Browser/1.0");
		assertThat(record.wording()).startsWith("Unsubscribe link from sms");
		assertThat(this.suppressions.isSuppressed(this.tenant, Channel.SMS, contact.getPhone())).isTrue();
	}

	@Test
	void oneClickPostUnsubscribesWithoutCsrfOrCookies() throws Exception {
		Contact urlEncoded = optedInToEmail();
		String url = local(this.links.unsubscribe(this.tenant, urlEncoded.getId(), Channel.EMAIL, UUID.randomUUID()));

		HttpResponse<String> done = send(HttpClient.newHttpClient(), form(url, "List-Unsubscribe=One-Click"));

		assertThat(done.statusCode()).isEqualTo(200);
		assertThat(this.consent.status(this.tenant, urlEncoded.getId(), Channel.EMAIL))
			.isEqualTo(ConsentStatus.OPTED_OUT);
		assertThat(this.consent.history(this.admin, urlEncoded.getId()).get(0).wording())
			.startsWith("One-click unsubscribe (RFC 8058) from email");
		assertThat(this.suppressions.isSuppressed(this.tenant, Channel.EMAIL, urlEncoded.getEmail())).isTrue();

		Contact multipart = optedInToEmail();
		String boundary = "herald" + UUID.randomUUID();
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\n"
				+ "One-Click\r\n--" + boundary + "--\r\n";
		HttpResponse<String> multipartDone = send(HttpClient.newHttpClient(), HttpRequest
			.newBuilder(URI.create(local(this.links.unsubscribe(this.tenant, multipart.getId(), Channel.EMAIL, null))))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertThat(multipartDone.statusCode()).isEqualTo(200);
		assertThat(this.consent.status(this.tenant, multipart.getId(), Channel.EMAIL))
			.isEqualTo(ConsentStatus.OPTED_OUT);
	}

	@Test
	void badLinksGetFriendlyPagesAndChangeNothing() throws Exception {
		Contact contact = optedIn();
		String url = local(this.links.unsubscribe(this.tenant, contact.getId(), Channel.SMS, null));
		String token = url.substring(url.lastIndexOf('/') + 1);
		char last = token.charAt(token.length() - 1);
		String tampered = url.substring(0, url.length() - 1) + ((last == 'A') ? 'B' : 'A');

		HttpResponse<String> bad = send(HttpClient.newHttpClient(), form(tampered, "List-Unsubscribe=One-Click"));
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("This link does not work")
			.doesNotContain("Exception")
			.doesNotContain("at com.");
		assertThat(send(HttpClient.newHttpClient(), HttpRequest.newBuilder(URI.create(path("/p/" + "x".repeat(300)))))
			.statusCode()).isEqualTo(400);

		HttpResponse<String> expired = send(HttpClient.newHttpClient(),
				HttpRequest.newBuilder(URI.create(path("/p/" + expiredPreferencesToken(contact)))).GET());
		assertThat(expired.statusCode()).isEqualTo(410);
		assertThat(expired.body()).contains("This link has expired");

		Contact erased = optedIn();
		String erasedUrl = local(this.links.preferences(this.tenant, erased.getId()));
		this.contacts.erase(this.admin, erased.getId());
		HttpResponse<String> gone = send(HttpClient.newHttpClient(), HttpRequest.newBuilder(URI.create(erasedUrl)));
		assertThat(gone.statusCode()).isEqualTo(410);
		assertThat(gone.body()).contains("This link no longer works");

		assertThat(this.consent.status(this.tenant, contact.getId(), Channel.SMS)).isEqualTo(ConsentStatus.OPTED_IN);
	}

	@Test
	void speaksTheBrowsersLanguageUnlessTheSwitchSaysOtherwise() throws Exception {
		Contact contact = optedIn();
		String url = local(this.links.preferences(this.tenant, contact.getId()));

		HttpResponse<String> spanish = send(HttpClient.newHttpClient(),
				HttpRequest.newBuilder(URI.create(url)).header("Accept-Language", "es-MX,es;q=0.9"));
		HttpResponse<String> english = send(HttpClient.newHttpClient(),
				HttpRequest.newBuilder(URI.create(url)).header("Accept-Language", "fr-FR,de;q=0.8"));
		HttpResponse<String> switched = send(HttpClient.newHttpClient(),
				HttpRequest.newBuilder(URI.create(url + "?lang=es")).header("Accept-Language", "en-US"));

		assertThat(spanish.body()).contains("<html lang=\"es\"").contains("Horas de silencio");
		assertThat(english.body()).contains("<html lang=\"en\"").contains("Quiet hours");
		assertThat(switched.body()).contains("<html lang=\"es\"").contains("Darme de baja de todo");
	}

	@Test
	void aLinkRequestedTooOftenGets429() throws Exception {
		Contact contact = optedIn();
		String url = local(this.links.preferences(this.tenant, contact.getId()));
		HttpClient client = HttpClient.newHttpClient();

		// 20 at once, then one more every 3 s (greedy refill): a burst soon runs dry
		HttpResponse<String> last = null;
		int served = 0;
		for (int i = 0; i < 40; i++) {
			last = send(client, HttpRequest.newBuilder(URI.create(url)));
			if (last.statusCode() != 200) {
				break;
			}
			served++;
		}

		assertThat(served).isGreaterThanOrEqualTo(20).isLessThan(40);
		assertThat(last.statusCode()).isEqualTo(429);
		assertThat(last.headers().firstValue("Retry-After")).isPresent();
		assertThat(last.body()).contains("Please wait a minute");
	}

	private Contact optedIn() {
		return this.fixtures.optedIn(this.admin, BroadcastFixtures.tag(), ContactFixtures.person());
	}

	private Contact optedInToEmail() {
		Contact contact = optedIn();
		this.consent.record(this.admin, contact.getId(), Channel.EMAIL, ConsentStatus.OPTED_IN, ConsentSource.FORM,
				"Email me", null, null);
		return contact;
	}

	/**
	 * A preference link signed with the real key that expired a minute ago (the layout is
	 * PreferenceLinks's: version, kind, tenant, contact, expiry, 16 bytes of MAC).
	 */
	private String expiredPreferencesToken(Contact contact) {
		ByteBuffer body = ByteBuffer.allocate(38);
		body.put((byte) 1).put((byte) 2);
		UUID tenantId = this.tenant.value();
		UUID contactId = contact.getId().value();
		body.putLong(tenantId.getMostSignificantBits()).putLong(tenantId.getLeastSignificantBits());
		body.putLong(contactId.getMostSignificantBits()).putLong(contactId.getLeastSignificantBits());
		body.putInt((int) Instant.now().minusSeconds(60).getEpochSecond());
		byte[] mac = Arrays.copyOf(this.secrets.sign("preferences.link", body.array()), 16);
		byte[] token = Arrays.copyOf(body.array(), 38 + 16);
		System.arraycopy(mac, 0, token, 38, 16);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
	}

	private HttpRequest.Builder form(String url, String body) {
		return HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String csrf(String html) {
		Matcher matcher = CSRF.matcher(html);
		assertThat(matcher.find()).as("a CSRF field in the form").isTrue();
		return matcher.group(1);
	}

	private String path(String path) {
		return "http://localhost:" + this.port + path;
	}

	private String local(String link) {
		return com.herald.support.StandIns.local(link, this.port);
	}

}
