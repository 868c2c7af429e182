package com.herald.dispatch;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.herald.contact.ContactFixtures;
import com.herald.sms.TwilioTestAccounts;
import com.herald.support.ApiClient;
import com.herald.support.ApiClient.ApiResponse;
import com.herald.support.WebSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 Herald mid-send and start it again: every recipient gets exactly one message.
 * Herald runs as a separate process on a PostgreSQL and a Twilio stand-in that live in
 * this JVM, so both outlive the kill; the stand-in counts the create requests per
 * recipient. The kill lands while a create request is in flight (Twilio has the message,
 * Herald never reads the answer) and while claimed deliveries are unrecorded; the next
 * process must reconcile those through Twilio's message list, never re-send them blindly.
 * The same process then answers webhooks about the platform's number: a reply reaches the
 * tenant that last wrote from it, and a callback naming no tenant Herald has is ignored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DispatchCrashIntegrationTests {

	private static final int RECIPIENTS = 300;

	private static final String ACCOUNT_SID = "AC" + "c0ffee".repeat(5) + "00";

	private static final String AUTH_TOKEN = "crashtesttoken0123456789abcdef";

	private static final String PLATFORM_NUMBER = "+12025550143";

	private static final String DEMO_ADMIN = "admin@demo.herald.local";

	private static final String DEMO_PASSWORD = "demo-password-2026";

	private final Path work = Path.of("target", "dispatch-crash");

	private EmbeddedPostgres postgres;

	private TwilioMessagesStandIn twilio;

	private String jdbcUrl;

	private Map<String, String> settings;

	private int port;

	private HeraldProcess herald;

	private String apiKey;

	@BeforeAll
	void startPostgresAndTwilio() throws IOException, SQLException {
		this.postgres = EmbeddedPostgres.builder()
			.setPGStartupWait(Duration.ofSeconds(60))
			.setServerConfig("timezone", "UTC")
			.setServerConfig("fsync", "off")
			.start();
		// the roles and database an operator creates for an external PostgreSQL (README)
		try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
				Statement sql = connection.createStatement()) {
			sql.execute("CREATE ROLE herald_owner LOGIN PASSWORD 'owner-secret'");
			sql.execute("CREATE ROLE herald_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE "
					+ "PASSWORD 'app-secret'");
			sql.execute("CREATE DATABASE herald OWNER herald_owner ENCODING 'UTF8'");
		}
		this.jdbcUrl = "jdbc:postgresql://localhost:" + this.postgres.getPort() + "/herald";
		this.twilio = new TwilioMessagesStandIn(ACCOUNT_SID, AUTH_TOKEN, Duration.ofMillis(40));
		this.port = HeraldProcess.freePort();
		if (Files.exists(this.work)) {
			try (var old = Files.walk(this.work)) {
				old.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
		Files.createDirectories(this.work);
		this.settings = new LinkedHashMap<>();
		this.settings.put("spring.datasource.url", this.jdbcUrl);
		this.settings.put("spring.datasource.username", "herald_app");
		this.settings.put("spring.datasource.password", "app-secret");
		this.settings.put("spring.flyway.user", "herald_owner");
		this.settings.put("spring.flyway.password", "owner-secret");
		this.settings.put("herald.data-dir", this.work.resolve("data").toAbsolutePath().toString());
		this.settings.put("herald.admin.email", "root@crash.test");
		this.settings.put("herald.admin.password", "root-password-2026");
		this.settings.put("herald.demo", "true");
		this.settings.put("herald.demo.contacts", "0");
		this.settings.put("herald.imports.worker.enabled", "false");
		this.settings.put("herald.public-url", "http://localhost:" + this.port);
		this.settings.put("herald.sms.twilio.base-url", this.twilio.baseUrl());
		this.settings.put("herald.sms.twilio.account-sid", ACCOUNT_SID);
		this.settings.put("herald.sms.twilio.auth-token", AUTH_TOKEN);
		this.settings.put("herald.sms.twilio.from", PLATFORM_NUMBER);
		this.settings.put("herald.sms.twilio.messages-per-second", "1000");
		this.settings.put("herald.dispatch.quota.per-second", "1000");
		this.settings.put("herald.dispatch.batch-size", "20");
		this.settings.put("herald.dispatch.poll-interval", "100ms");
		// short, so the restarted node takes over the dead node's claims quickly
		this.settings.put("herald.dispatch.lease", "5s");
		this.settings.put("herald.dispatch.hold-delay", "1s");
		this.settings.put("db-scheduler.polling-interval", "1s");
		this.settings.put("db-scheduler.immediate-execution-enabled", "true");
		this.settings.put("logging.level.root", "WARN");
		this.settings.put("logging.level.com.herald", "INFO");
	}

	@AfterAll
	void stopEverything() throws Exception {
		if (this.herald != null && this.herald.isAlive()) {
			this.herald.stop();
		}
		if (this.twilio != null) {
			this.twilio.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@Test
	@Order(1)
	void aNodeKilledMidSendLeavesEveryRecipientExactlyOneMessage() throws Exception {
		ApiClient api = api();
		Set<String> phones = new LinkedHashSet<>();
		while (phones.size() < RECIPIENTS) {
			phones.add(ContactFixtures.usPhone());
		}
		String id = broadcastTo(api, phones);
		CountDownLatch midSend = this.twilio.whenCreates(RECIPIENTS / 5);

		assertThat(api.post("/api/v1/broadcasts/" + id + "/launch", "").status()).isEqualTo(200);
		assertThat(midSend.await(60, TimeUnit.SECONDS)).as("sending started").isTrue();
		this.herald.kill();
		java.time.Instant killedAt = java.time.Instant.now();

		int sentAtKill = this.twilio.creates();
		Map<String, Long> atKill = deliveriesByStatus(UUID.fromString(id));
		assertThat(sentAtKill).as("the kill landed mid-send").isLessThan(RECIPIENTS);
		assertThat(atKill.getOrDefault("sending", 0L)).as("claims left behind by the dead node").isPositive();
		assertThat(sentAtKill).as("messages Twilio took that the dead node never recorded")
			.isGreaterThan(atKill.getOrDefault("sent", 0L).intValue());

		this.herald = HeraldProcess.start(this.port, this.settings, this.work.resolve("herald-2.log"));
		assertThat(awaitFinished(api, id))
			.as("the broadcast finished after the restart; %s", deliveriesByStatus(UUID.fromString(id)))
			.isEqualTo("completed");

		Map<String, Integer> received = this.twilio.createsByTo();
		assertThat(received.keySet()).as("every recipient got a message, nobody else did")
			.containsExactlyInAnyOrderElementsOf(phones);
		Map<String, Integer> twice = new LinkedHashMap<>(received);
		twice.values().removeIf((count) -> count == 1);
		assertThat(twice)
			.as("recipients who got more than one message (killed at %s); their deliveries: %s; the requests: %s",
					killedAt, deliveriesTo(twice), twice.keySet().stream().map(this.twilio::createdFor).toList())
			.isEmpty();
		assertThat(this.twilio.lookups()).as("the unrecorded sends were looked up at Twilio").isPositive();
		ApiResponse stats = api.get("/api/v1/broadcasts/" + id + "/stats");
		assertThat(stats.json().path("total").asLong()).isEqualTo(RECIPIENTS);
		assertThat(stats.json().path("sent").asLong()).isEqualTo(RECIPIENTS);
		assertThat(stats.json().path("sent").asLong() + stats.json().path("failed").asLong()
				+ stats.json().path("skipped").asLong())
			.as("sent + failed + skipped = total")
			.isEqualTo(stats.json().path("total").asLong());
	}

	@Test
	@Order(2)
	void repliesToThePlatformNumberReachTheTenantThatLastWroteAndCallbacksForNoTenantAreIgnored() throws Exception {
		ApiClient api = api();
		String customer = ContactFixtures.usPhone();
		String id = broadcastTo(api, Set.of(customer));
		assertThat(awaitFinished(api, id)).isEqualTo("completed");
		String stranger = ContactFixtures.usPhone();

		assertThat(inbound(customer, "STOP").statusCode()).isEqualTo(200);
		assertThat(inbound(stranger, "STOP").statusCode()).as("nobody wrote to them: ignored").isEqualTo(200);

		assertThat(suppressedIn(customer)).as("the customer is opted out where the message came from")
			.containsExactly("demo");
		assertThat(suppressedIn(stranger)).isEmpty();

		String status = "http://localhost:" + this.port + "/webhooks/twilio/status?tenant=" + UUID.randomUUID()
				+ "&delivery=" + UUID.randomUUID();
		Map<String, String> form = Map.of("AccountSid", ACCOUNT_SID, "MessageSid", "SM" + "ab".repeat(16),
				"MessageStatus", "delivered", "To", customer, "From", PLATFORM_NUMBER, "ApiVersion", "2010-04-01");
		assertThat(post(status, form, TwilioTestAccounts.sign(AUTH_TOKEN, status, form)).statusCode())
			.as("a signed callback about a tenant Herald does not have is answered and ignored")
			.isEqualTo(204);
		assertThat(post(status, form, TwilioTestAccounts.sign("forged-token-forged-token", status, form)).statusCode())
			.as("a forged one is refused")
			.isEqualTo(403);
	}

	/** The running Herald's API as the demo tenant's admin (started on first use). */
	private ApiClient api() throws IOException {
		if (this.herald == null || !this.herald.isAlive()) {
			this.herald = HeraldProcess.start(this.port, this.settings, this.work.resolve("herald-1.log"));
		}
		if (this.apiKey == null) {
			this.apiKey = apiKey();
		}
		return ApiClient.bearer(this.port, this.apiKey);
	}

	/** Creates the contacts and a transactional SMS broadcast to them (not launched). */
	private static String broadcastTo(ApiClient api, Set<String> phones) {
		String tag = ContactFixtures.token();
		List<Map<String, Object>> contacts = new ArrayList<>();
		int i = 0;
		for (String phone : phones) {
			contacts.add(Map.of("firstName", "Pat" + i++, "phone", phone, "tags", List.of(tag)));
		}
		ApiResponse batch = api.post("/api/v1/contacts/batch", Map.of("items", contacts));
		assertThat(batch.status()).as(batch.body()).isEqualTo(200);
		ApiResponse created = api.post("/api/v1/broadcasts",
				Map.of("name", "Order ready", "channel", "sms", "category", "transactional", "body",
						"Hi {{ contact.first_name }}, your order is ready for pickup.", "audience",
						Map.of("kind", "criteria", "criteria",
								Map.of("field", "tags", "operator", "any", "values", List.of(tag)))));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	/** Launches a draft and waits up to 60 s for it to finish; the status it reached. */
	private static String awaitFinished(ApiClient api, String id) {
		if (api.get("/api/v1/broadcasts/" + id).json().path("status").asString().equals("draft")) {
			assertThat(api.post("/api/v1/broadcasts/" + id + "/launch", "").status()).isEqualTo(200);
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		String status = "";
		while (System.nanoTime() < deadline && !status.equals("completed")) {
			HeraldProcess.sleep(250);
			status = api.get("/api/v1/broadcasts/" + id).json().path("status").asString();
		}
		return status;
	}

	/** An inbound message to the platform's number, signed as Twilio signs it. */
	private HttpResponse<String> inbound(String from, String body) throws Exception {
		String url = "http://localhost:" + this.port + "/webhooks/twilio/inbound";
		Map<String, String> form = Map.of("AccountSid", ACCOUNT_SID, "MessageSid",
				"SM" + UUID.randomUUID().toString().replace("-", ""), "From", from, "To", PLATFORM_NUMBER, "Body", body,
				"NumMedia", "0");
		return post(url, form, TwilioTestAccounts.sign(AUTH_TOKEN, url, form));
	}

	private static HttpResponse<String> post(String url, Map<String, String> form, String signature) throws Exception {
		String body = form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("X-Twilio-Signature", signature)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** How the deliveries to some numbers ended, to explain a failure. */
	private List<String> deliveriesTo(Map<String, Integer> phones) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, "herald_owner", "owner-secret");
				var query = connection.prepareStatement("SELECT address, status, attempts, claimed_by, claimed_at, "
						+ "provider_message_id, error_code, error_message, sent_at FROM deliveries WHERE address = ?")) {
			for (String phone : phones.keySet()) {
				query.setString(1, phone);
				try (ResultSet rs = query.executeQuery()) {
					while (rs.next()) {
						List<String> columns = new ArrayList<>();
						for (int i = 1; i <= 9; i++) {
							columns.add(String.valueOf(rs.getObject(i)));
						}
						rows.add(String.join(" ", columns));
					}
				}
			}
		}
		return rows;
	}

	/** The slugs of the tenants that suppress SMS to a number. */
	private List<String> suppressedIn(String phone) throws SQLException {
		List<String> tenants = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, "herald_owner", "owner-secret");
				var query = connection.prepareStatement("SELECT t.slug FROM suppressions s "
						+ "JOIN tenants t ON t.id = s.tenant_id WHERE s.channel = 'sms' AND s.address = ?")) {
			query.setString(1, phone);
			try (ResultSet rs = query.executeQuery()) {
				while (rs.next()) {
					tenants.add(rs.getString(1));
				}
			}
		}
		return tenants;
	}

	/** A tenant-admin API key for the demo tenant, made on the API keys page. */
	private String apiKey() {
		WebSession session = WebSession.signedIn(this.port, DEMO_ADMIN, DEMO_PASSWORD);
		session.get("/api-keys");
		session.post("/api-keys", Map.of("name", "crash test", "role", "TENANT_ADMIN"));
		Matcher key = Pattern.compile("(hrd_[A-Za-z0-9_-]+)").matcher(session.get("/api-keys").body());
		assertThat(key.find()).as("the new key is shown once").isTrue();
		return key.group(1);
	}

	/**
	 * Deliveries per status, read as the schema owner (not subject to row-level
	 * security).
	 */
	private Map<String, Long> deliveriesByStatus(UUID broadcast) throws SQLException {
		Map<String, Long> counts = new LinkedHashMap<>();
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, "herald_owner", "owner-secret");
				var query = connection.prepareStatement(
						"SELECT status, count(*) FROM deliveries WHERE broadcast_id = ? GROUP BY status")) {
			query.setObject(1, broadcast);
			try (ResultSet rs = query.executeQuery()) {
				while (rs.next()) {
					counts.put(rs.getString(1), rs.getLong(2));
				}
			}
		}
		return counts;
	}

}
