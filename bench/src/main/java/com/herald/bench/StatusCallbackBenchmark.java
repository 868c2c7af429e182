package com.herald.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import com.herald.sms.SmsWebhookUrls;
import com.herald.tenancy.Actor;

/**
 * Twilio status callbacks through Herald's real endpoint: the packaged application
 * ({@code platform-web/target/platform-web-*.jar}) started as its own process on this
 * benchmark's embedded PostgreSQL, {@code POST /webhooks/twilio/status} over HTTP from
 * concurrent clients, each request signed ({@code X-Twilio-Signature}) as Twilio signs
 * it. Herald verifies the signature, records the report, moves the delivery forward
 * idempotently, records the delivery event and updates the broadcast's counters. Baseline
 * in the same run, same database, same number of clients: pgbench (when on the PATH; else
 * a JDBC loop on as many connections) running just the same UPDATE of the delivery and
 * INSERT of its event. After each Herald round the database must show every delivery
 * delivered, one event each, and the broadcast's counter equal to the number of
 * callbacks: no update lost.
 * <p>
 * Arguments (all optional): {@code callbacks=20000 rounds=3 clients=16}.
 */
public final class StatusCallbackBenchmark {

	private static final String ACCOUNT = "AC" + "d".repeat(32);

	private static final String TOKEN = "e".repeat(32);

	private StatusCallbackBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> arguments = Bench.arguments(args, "callbacks", "20000", "rounds", "3", "clients", "16");
		int callbacks = Integer.parseInt(arguments.get("callbacks"));
		int rounds = Integer.parseInt(arguments.get("rounds"));
		int clients = Integer.parseInt(arguments.get("clients"));
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		out.println(Machine.describe("Status callback benchmark " + arguments));
		Path jar = heraldJar();
		int port = freePort();
		String base = "http://127.0.0.1:" + port;
		Verdicts verdicts = new Verdicts();
		try (ConfigurableApplicationContext context = Bench.start("herald.dispatch.enabled=false",
				"herald.sms.twilio.account-sid=" + ACCOUNT, "herald.sms.twilio.auth-token=" + TOKEN,
				"herald.sms.twilio.from=+15005550006", "herald.sms.twilio.webhook-base-url=" + base)) {
			BroadcastEngineBenchmark.Engine engine = new BroadcastEngineBenchmark.Engine(context);
			Actor admin = Bench.tenantAdmin(context, "bench-callbacks");
			engine.seed(out, admin, callbacks);
			Environment environment = context.getEnvironment();
			String pgbench = pgbench();
			out.println((pgbench != null) ? "Baseline: " + pgbench
					: "Baseline: pgbench is not on the PATH (the embedded PostgreSQL ships none): a JDBC loop on "
							+ clients + " connections running the same statements");
			try (Herald herald = Herald.start(jar, port, environment, base)) {
				out.printf(Locale.ROOT, "Herald (%s) answering on %s after %.1f s%n", jar.getFileName(), base,
						herald.startSeconds);
				HttpClient http = HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(Duration.ofSeconds(10))
					.build();
				// warm-up, one unmeasured round: the freshly started Herald process's JIT
				// needs more than a few thousand callbacks; the connection pools
				callbacks(engine, admin, context, http, callbacks, clients);
				baseline(engine, admin, environment, callbacks, clients, pgbench);
				out.printf(Locale.ROOT, "%n%,d callbacks per round, %d clients%n", callbacks, clients);
				out.println("| round | Herald endpoint (callbacks/s) | baseline UPDATE + INSERT (tx/s) | ratio |");
				out.println("|---:|---:|---:|---:|");
				List<Double> ratios = new ArrayList<>();
				for (int round = 1; round <= rounds; round++) {
					double endpoint;
					double raw;
					if (round % 2 == 1) {
						endpoint = callbacks(engine, admin, context, http, callbacks, clients);
						raw = baseline(engine, admin, environment, callbacks, clients, pgbench);
					}
					else {
						raw = baseline(engine, admin, environment, callbacks, clients, pgbench);
						endpoint = callbacks(engine, admin, context, http, callbacks, clients);
					}
					ratios.add(endpoint / raw);
					out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f |%n", round, endpoint, raw, endpoint / raw);
				}
				verdicts.atLeast("Status callbacks: Herald endpoint ÷ " + ((pgbench != null) ? "pgbench" : "JDBC loop"),
						Bench.median(ratios), 0.5,
						"zero lost updates checked after every round; " + clients + " clients");
			}
		}
		verdicts.print(out);
	}

	/**
	 * {@code count} signed "delivered" callbacks for as many sent deliveries, from
	 * {@code clients} threads; then checks the database lost none.
	 */
	private static double callbacks(BroadcastEngineBenchmark.Engine engine, Actor admin,
			ConfigurableApplicationContext context, HttpClient http, int count, int clients) throws Exception {
		UUID broadcast = engine.sentDeliveries(admin, count, "twilio");
		List<String[]> targets = engine.deliveries(admin, broadcast);
		SmsWebhookUrls urls = context.getBean(SmsWebhookUrls.class);
		AtomicInteger next = new AtomicInteger();
		double seconds = BroadcastEngineBenchmark.onThreads(clients, (name) -> {
			int i;
			while ((i = next.getAndIncrement()) < targets.size()) {
				String[] target = targets.get(i);
				String url = urls.statusCallback(admin.requireTenant().value(), UUID.fromString(target[2]),
						UUID.fromString(target[0]));
				Map<String, String> form = new LinkedHashMap<>();
				form.put("AccountSid", ACCOUNT);
				form.put("MessageSid", target[1]);
				form.put("SmsSid", target[1]);
				form.put("MessageStatus", "delivered");
				form.put("SmsStatus", "delivered");
				form.put("To", target[3]);
				form.put("From", "+15005550006");
				form.put("ApiVersion", "2010-04-01");
				HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.header("X-Twilio-Signature", sign(url, form))
					.POST(HttpRequest.BodyPublishers.ofString(encode(form)))
					.build(), HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() != 204) {
					throw new IllegalStateException("Herald answered " + response.statusCode() + " to " + url);
				}
			}
		});
		engine.requireDelivered(admin, broadcast, count);
		return count / seconds;
	}

	private static double baseline(BroadcastEngineBenchmark.Engine engine, Actor admin, Environment environment,
			int count, int clients, String pgbench) throws Exception {
		UUID broadcast = engine.sentDeliveries(admin, count, "twilio");
		String tenant = admin.requireTenant().value().toString();
		try (Connection owner = Bench.owner(environment); Statement statement = owner.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS bench_callbacks");
			statement.execute("DROP SEQUENCE IF EXISTS bench_callbacks_seq");
			statement.execute("CREATE SEQUENCE bench_callbacks_seq");
			statement.execute("""
					CREATE TABLE bench_callbacks AS SELECT row_number() OVER (ORDER BY id) AS n, id
					FROM deliveries WHERE broadcast_id = '%s'""".formatted(broadcast));
			statement.execute("CREATE UNIQUE INDEX ON bench_callbacks (n)");
			String app = environment.getRequiredProperty("spring.datasource.username");
			statement.execute("GRANT SELECT ON bench_callbacks TO " + app);
			statement.execute("GRANT USAGE ON SEQUENCE bench_callbacks_seq TO " + app);
		}
		double rate = (pgbench != null) ? pgbench(pgbench, environment, tenant, count, clients)
				: jdbcLoop(environment, tenant, count, clients);
		long delivered = engine.countDelivered(admin, broadcast);
		if (delivered != count) {
			throw new IllegalStateException("The baseline delivered " + delivered + " of " + count);
		}
		return rate;
	}

	/** The baseline's transaction, the same in the pgbench script and the JDBC loop. */
	private static final List<String> BASELINE = List.of(
			"SELECT set_config('app.tenant_id', ':tenant', true), set_config('app.platform_access', 'false', true)",
			"SELECT id AS delivery FROM bench_callbacks WHERE n = (SELECT nextval('bench_callbacks_seq'))",
			"UPDATE deliveries SET status = 'delivered', status_at = now(), updated_at = now() "
					+ "WHERE tenant_id = ':tenant' AND id = ':delivery' AND status = 'sent'",
			"INSERT INTO delivery_events (tenant_id, delivery_id, kind, occurred_at) "
					+ "VALUES (':tenant', ':delivery', 'delivered', now()) ON CONFLICT DO NOTHING");

	private static double pgbench(String pgbench, Environment environment, String tenant, int count, int clients)
			throws Exception {
		Matcher url = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+)")
			.matcher(environment.getRequiredProperty("spring.datasource.url"));
		if (!url.find()) {
			throw new IllegalStateException("Cannot read the database URL");
		}
		Path script = Files.createTempFile("herald-callbacks-", ".sql");
		try {
			Files.writeString(script, "BEGIN;\n" + BASELINE.get(0) + ";\n" + BASELINE.get(1) + " \\gset\n"
					+ BASELINE.get(2) + ";\n" + BASELINE.get(3) + ";\nEND;\n");
			ProcessBuilder builder = new ProcessBuilder(pgbench, "-n", "-h", url.group(1), "-p", url.group(2), "-U",
					environment.getRequiredProperty("spring.datasource.username"), "-c", String.valueOf(clients), "-j",
					"2", "-t", String.valueOf(count / clients), "-D", "tenant=" + tenant, "-f", script.toString(),
					url.group(3));
			builder.environment().put("PGPASSWORD", environment.getRequiredProperty("spring.datasource.password"));
			builder.redirectErrorStream(true);
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException("pgbench failed:\n" + output);
			}
			Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(output);
			if (!tps.find()) {
				throw new IllegalStateException("No tps in pgbench's output:\n" + output);
			}
			int remainder = count % clients;
			if (remainder != 0) {
				jdbcLoop(environment, tenant, remainder, 1);
			}
			return Double.parseDouble(tps.group(1));
		}
		finally {
			Files.deleteIfExists(script);
		}
	}

	private static double jdbcLoop(Environment environment, String tenant, int count, int clients) throws Exception {
		AtomicInteger left = new AtomicInteger(count);
		double seconds = BroadcastEngineBenchmark.onThreads(clients, (name) -> {
			try (Connection connection = java.sql.DriverManager.getConnection(
					environment.getRequiredProperty("spring.datasource.url"),
					environment.getRequiredProperty("spring.datasource.username"),
					environment.getRequiredProperty("spring.datasource.password"));
					Statement statement = connection.createStatement()) {
				connection.setAutoCommit(false);
				while (left.getAndDecrement() > 0) {
					statement.execute(BASELINE.get(0).replace(":tenant", tenant));
					String delivery;
					try (ResultSet rs = statement.executeQuery(BASELINE.get(1))) {
						rs.next();
						delivery = rs.getString(1);
					}
					statement.executeUpdate(BASELINE.get(2).replace(":tenant", tenant).replace(":delivery", delivery));
					statement.executeUpdate(BASELINE.get(3).replace(":tenant", tenant).replace(":delivery", delivery));
					connection.commit();
				}
			}
		});
		return count / seconds;
	}

	private static String encode(Map<String, String> form) {
		StringBuilder body = new StringBuilder();
		form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
			.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return body.toString();
	}

	/** Twilio's signature: HMAC-SHA1 over the URL and the sorted form fields, base64. */
	private static String sign(String url, Map<String, String> form) {
		StringBuilder data = new StringBuilder(url);
		new TreeMap<>(form).forEach((name, value) -> data.append(name).append(value));
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pgbench() {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
			Path candidate = Path.of(dir, "pgbench");
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		return null;
	}

	private static Path heraldJar() throws IOException {
		Path target = Path.of("platform-web", "target");
		try (var files = Files.list(target)) {
			return files.filter((file) -> file.getFileName().toString().matches("platform-web-.*\\.jar"))
				.findFirst()
				.orElseThrow(
						() -> new IllegalStateException("Build Herald first: ./mvnw -pl platform-web -am package"));
		}
		catch (java.nio.file.NoSuchFileException ex) {
			throw new IllegalStateException(
					"Run from the repository root after ./mvnw -pl platform-web,bench -am package");
		}
	}

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** The packaged Herald, as its own process, on the benchmark's database. */
	private static final class Herald implements AutoCloseable {

		private final Process process;

		private final double startSeconds;

		private Herald(Process process, double startSeconds) {
			this.process = process;
			this.startSeconds = startSeconds;
		}

		static Herald start(Path jar, int port, Environment environment, String base) throws Exception {
			Path log = Files.createTempFile("herald-bench-", ".log");
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString(), "--server.port=" + port,
					"--herald.dispatch.enabled=false", "--herald.sms.twilio.account-sid=" + ACCOUNT,
					"--herald.sms.twilio.auth-token=" + TOKEN, "--herald.sms.twilio.from=+15005550006",
					"--herald.sms.twilio.webhook-base-url=" + base, "--logging.level.root=WARN");
			Map<String, String> env = builder.environment();
			env.put("SPRING_DATASOURCE_URL", environment.getRequiredProperty("spring.datasource.url"));
			env.put("SPRING_DATASOURCE_USERNAME", environment.getRequiredProperty("spring.datasource.username"));
			env.put("SPRING_DATASOURCE_PASSWORD", environment.getRequiredProperty("spring.datasource.password"));
			env.put("SPRING_FLYWAY_USER", environment.getRequiredProperty("spring.flyway.user"));
			env.put("SPRING_FLYWAY_PASSWORD", environment.getRequiredProperty("spring.flyway.password"));
			env.put("HERALD_ADMIN_PASSWORD", "bench-password-2026");
			builder.redirectErrorStream(true).redirectOutput(log.toFile());
			long start = System.nanoTime();
			Process process = builder.start();
			HttpClient http = HttpClient.newHttpClient();
			while (true) {
				if (!process.isAlive()) {
					throw new IllegalStateException("Herald exited; its log: " + log);
				}
				try {
					if (http
						.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
								HttpResponse.BodyHandlers.discarding())
						.statusCode() == 200) {
						break;
					}
				}
				catch (IOException ex) {
					// not listening yet
				}
				if (System.nanoTime() - start > 300_000_000_000L) {
					process.destroyForcibly();
					throw new IllegalStateException("Herald did not start within 5 minutes; its log: " + log);
				}
				Thread.sleep(250);
			}
			return new Herald(process, (System.nanoTime() - start) / 1e9);
		}

		@Override
		public void close() throws Exception {
			this.process.destroy();
			this.process.waitFor();
		}

	}

}
