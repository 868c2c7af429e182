package com.herald.bench;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.postgresql.PGConnection;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.consent.Channel;
import com.herald.contact.ContactDraft;
import com.herald.contact.ContactService;
import com.herald.imports.AttributeType;
import com.herald.imports.ColumnMapping;
import com.herald.imports.ContactImport;
import com.herald.imports.ContactImportService;
import com.herald.imports.DuplicatePolicy;
import com.herald.imports.ImportField;
import com.herald.imports.ImportPlan;
import com.herald.imports.ImportRunner;
import com.herald.tenancy.Actor;
import com.herald.tenancy.Role;
import com.herald.tenancy.Tenant;
import com.herald.tenancy.TenantService;

/**
 * Measures CSV imports end to end through the real services on a throw-away embedded
 * PostgreSQL: a generated file (realistic columns, 1% bad rows, written to a temporary
 * directory) is uploaded (streamed into the database) and applied by the same
 * {@link ImportRunner} the background worker uses, with consent recorded for two
 * channels, into a new tenant each round. Per size it runs {@code rounds} rounds and
 * reports the median rows per second; per round also the CPU time the JVM and PostgreSQL
 * spent (which, unlike wall time, does not depend much on how busy the machine is), the
 * load average, and the heap after a full collection every 5 s, which must not grow with
 * the file: run it with a small heap ({@code -Xmx256m}).
 * <p>
 * Baseline, measured in the same run: the contacts API's batch upsert
 * ({@link ContactService#batchUpsert}, 1,000 per call, one entity per contact), on
 * {@code baseline} rows of the same kind.
 * <p>
 * Arguments (all optional):
 * {@code sizes=100000,1000000 rounds=3 warmup=20000 baseline=5000}.
 */
public final class ContactImportBenchmark {

	private static final String[] CITIES = { "Albany", "Boston", "Chicago", "Denver", "Austin", "Miami", "Seattle" };

	private static final String[] STATUSES = { "new", "contacted", "qualified", "won", "lost" };

	private ContactImportBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		List<Integer> sizes = List.of(100_000, 1_000_000);
		int rounds = 3;
		int warmup = 20_000;
		int baseline = 5_000;
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			switch (pair[0]) {
				case "sizes" -> sizes = Arrays.stream(pair[1].split(",")).map(Integer::valueOf).toList();
				case "rounds" -> rounds = Integer.parseInt(pair[1]);
				case "warmup" -> warmup = Integer.parseInt(pair[1]);
				case "baseline" -> baseline = Integer.parseInt(pair[1]);
				default -> throw new IllegalArgumentException("Unknown argument " + arg);
			}
		}
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		out.println(Machine.describe("Contact import benchmark"));
		Path directory = Files.createTempDirectory("herald-import-bench-");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchApplication.class)
			.web(WebApplicationType.NONE)
			.properties("herald.db.mode=embedded", "herald.db.ephemeral=true", "spring.jpa.open-in-view=false",
					"spring.jpa.hibernate.ddl-auto=validate", "spring.main.banner-mode=off", "logging.level.root=WARN")
			.run()) {
			ContactImportService imports = context.getBean(ContactImportService.class);
			ImportRunner runner = context.getBean(ImportRunner.class);
			ContactService contacts = context.getBean(ContactService.class);
			TenantService tenants = context.getBean(TenantService.class);
			DatabaseCpu database = DatabaseCpu.of(context.getBean(JdbcTemplate.class));
			StatementStats stats = StatementStats
				.open(context.getEnvironment().getRequiredProperty("spring.datasource.url"));

			if (warmup > 0) {
				Path file = generate(directory, warmup);
				out.println("warm-up: " + importOnce(imports, runner, tenants, database, file, warmup).line());
			}
			double baselineRate = 0;
			if (baseline > 0) {
				Baseline base = baseline(contacts, tenants, baseline);
				baselineRate = base.rows() / base.seconds();
				out.printf(Locale.ROOT,
						"baseline: batch upsert (1,000 per call) of %,d contacts in %.1f s: %,.0f rows/s%n",
						base.rows(), base.seconds(), baselineRate);
			}
			Map<Integer, List<Result>> results = new LinkedHashMap<>();
			for (int size : sizes) {
				Path file = generate(directory, size);
				for (int round = 1; round <= rounds; round++) {
					if (stats != null) {
						stats.reset();
					}
					Result result = importOnce(imports, runner, tenants, database, file, size);
					results.computeIfAbsent(size, (k) -> new ArrayList<>()).add(result);
					out.println("round " + round + ": " + result.line());
					if (stats != null) {
						stats.print(out, size, 25);
					}
				}
				double copySeconds = rawCopy(context.getBean(JdbcTemplate.class), file);
				double importRate = median(results.get(size).stream().mapToDouble(Result::rate).toArray());
				out.printf(Locale.ROOT,
						"raw COPY of the same %,d-row file into a temporary table of text columns: %.1f s = %,.0f rows/s; "
								+ "the import's median is %.1f%% of it (x%.1f slower)%n",
						size, copySeconds, size / copySeconds, 100 * importRate * copySeconds / size,
						size / copySeconds / importRate);
				Files.delete(file);
			}
			out.println();
			out.println("| rows | round | load avg (start, end) | upload (s) | apply (s) | rows/s applied "
					+ "| JVM CPU (s) | PostgreSQL CPU (s) | heap after full GC, max (MiB) |");
			out.println("|---:|---:|---|---:|---:|---:|---:|---:|---:|");
			for (List<Result> sizeResults : results.values()) {
				for (int i = 0; i < sizeResults.size(); i++) {
					Result r = sizeResults.get(i);
					out.printf(Locale.ROOT, "| %,d | %d | %.1f, %.1f | %.1f | %.1f | %,.0f | %.1f | %s | %.1f |%n",
							r.rows(), i + 1, r.loadBefore(), r.loadAfter(), r.uploadSeconds(), r.applySeconds(),
							r.rate(), r.jvmCpuSeconds(), database.describe(r.databaseCpuSeconds()),
							r.held() / 1048576.0);
				}
			}
			out.println();
			out.println("| rows | file (MB) | rounds | rows/s applied, median | min | max "
					+ "| x batch-upsert baseline | rows per CPU-second (JVM + PostgreSQL), median "
					+ "| heap after full GC, max (MiB) |");
			out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
			for (Map.Entry<Integer, List<Result>> entry : results.entrySet()) {
				List<Result> r = entry.getValue();
				double median = median(r.stream().mapToDouble(Result::rate).toArray());
				out.printf(Locale.ROOT, "| %,d | %.1f | %d | %,.0f | %,.0f | %,.0f | %s | %s | %.1f |%n",
						entry.getKey(), r.get(0).bytes() / 1e6, r.size(), median,
						r.stream().mapToDouble(Result::rate).min().orElse(0),
						r.stream().mapToDouble(Result::rate).max().orElse(0),
						(baselineRate > 0) ? String.format(Locale.ROOT, "%.1f", median / baselineRate) : "n/a",
						database.available() ? String.format(Locale.ROOT, "%,.0f",
								median(r.stream().mapToDouble(Result::ratePerCpuSecond).toArray())) : "n/a",
						r.stream().mapToLong(Result::held).max().orElse(0) / 1048576.0);
			}
			if (stats != null) {
				stats.close();
			}
			if (results.size() >= 2) {
				List<List<Result>> bySize = new ArrayList<>(results.values());
				List<Result> small = bySize.get(0);
				List<Result> large = bySize.get(bySize.size() - 1);
				long smallHeld = small.stream().mapToLong(Result::held).max().orElse(1);
				long largeHeld = large.stream().mapToLong(Result::held).max().orElse(0);
				out.printf(Locale.ROOT, "%n%,d rows vs %,d (x%.0f): heap after full GC x%.2f, median rows/s x%.2f%n",
						large.get(0).rows(), small.get(0).rows(), (double) large.get(0).rows() / small.get(0).rows(),
						(double) largeHeld / Math.max(1, smallHeld),
						median(large.stream().mapToDouble(Result::rate).toArray())
								/ median(small.stream().mapToDouble(Result::rate).toArray()));
			}
		}
		finally {
			try (var files = Files.list(directory)) {
				for (Path file : files.toList()) {
					Files.delete(file);
				}
			}
			Files.delete(directory);
		}
	}

	private static Result importOnce(ContactImportService imports, ImportRunner runner, TenantService tenants,
			DatabaseCpu database, Path file, int rows) throws Exception {
		Actor admin = tenantAdmin(tenants);
		long bytes = Files.size(file);
		double loadBefore = loadAverage();
		long start = System.nanoTime();
		ContactImport uploaded;
		try (InputStream in = Files.newInputStream(file)) {
			uploaded = imports.upload(admin, null, "bench.csv", in);
		}
		double uploadSeconds = (System.nanoTime() - start) / 1e9;
		imports.start(admin, uploaded.id(), plan());
		HeapWatch watch = HeapWatch.start();
		// every 5 s a full collection, then the heap in use: exactly what the run holds
		// then
		long[] maxLive = { 0 };
		Thread probe = Thread.ofPlatform().daemon().start(() -> {
			try {
				while (true) {
					Thread.sleep(5_000);
					maxLive[0] = Math.max(maxLive[0], HeapWatch.liveNow());
				}
			}
			catch (InterruptedException ex) {
				// the run is over
			}
		});
		long jvmCpuStart = jvmCpuNanos();
		double databaseCpuStart = database.seconds();
		long applyStart = System.nanoTime();
		try {
			ImportRunner.Claim claim;
			while ((claim = runner.claim("bench").orElse(null)) != null) {
				runner.run(claim);
			}
		}
		finally {
			probe.interrupt();
			probe.join();
			watch.close();
		}
		double applySeconds = (System.nanoTime() - applyStart) / 1e9;
		double jvmCpuSeconds = (jvmCpuNanos() - jvmCpuStart) / 1e9;
		double databaseCpuSeconds = database.seconds() - databaseCpuStart;
		ContactImport done = imports.get(admin, uploaded.id());
		if (done.processedRows() != rows) {
			throw new IllegalStateException("Imported " + done.processedRows() + " of " + rows + ": " + done);
		}
		return new Result(rows, bytes, uploadSeconds, applySeconds, watch.maxLiveAfterGc(), maxLive[0],
				done.createdCount(), done.failedCount(), jvmCpuSeconds, databaseCpuSeconds, loadBefore, loadAverage());
	}

	/**
	 * The floor: the file itself streamed with {@code COPY (FORMAT csv)} into a temporary
	 * table of ten text columns, as the application role, on one connection. No cleaning,
	 * matching, constraints, indexes, consent or triggers.
	 */
	private static double rawCopy(JdbcTemplate jdbc, Path file) {
		return jdbc.execute((ConnectionCallback<Double>) (connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE TEMPORARY TABLE raw_copy (c1 text, c2 text, c3 text, c4 text, c5 text, "
						+ "c6 text, c7 text, c8 text, c9 text, c10 text)");
				long start = System.nanoTime();
				try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
					connection.unwrap(PGConnection.class)
						.getCopyAPI()
						.copyIn("COPY raw_copy FROM STDIN (FORMAT csv, HEADER true)", reader);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				double seconds = (System.nanoTime() - start) / 1e9;
				statement.execute("DROP TABLE raw_copy");
				return seconds;
			}
		});
	}

	private static Baseline baseline(ContactService contacts, TenantService tenants, int rows) {
		Actor admin = tenantAdmin(tenants);
		long start = System.nanoTime();
		List<ContactDraft> batch = new ArrayList<>(ContactService.MAX_BATCH);
		for (int i = 0; i < rows; i++) {
			batch.add(ContactDraft.builder()
				.externalId("c-" + i)
				.firstName("First" + (i % 997))
				.lastName("Last" + (i % 1009))
				.email("person" + i + "@bench.example")
				.phone(phone(i))
				.attribute("city", CITIES[i % CITIES.length])
				.attribute("total_spent", (i % 5000) / 10.0)
				.attribute("lead_status", STATUSES[i % STATUSES.length])
				.tag((i % 3 == 0) ? "vip" : "regular")
				.build());
			if (batch.size() == ContactService.MAX_BATCH) {
				contacts.batchUpsert(admin, batch);
				batch.clear();
			}
		}
		if (!batch.isEmpty()) {
			contacts.batchUpsert(admin, batch);
		}
		return new Baseline(rows, (System.nanoTime() - start) / 1e9);
	}

	private static ImportPlan plan() {
		return new ImportPlan(
				List.of(ColumnMapping.field(0, ImportField.EXTERNAL_ID), ColumnMapping.field(1, ImportField.FIRST_NAME),
						ColumnMapping.field(2, ImportField.LAST_NAME), ColumnMapping.field(3, ImportField.EMAIL),
						ColumnMapping.field(4, ImportField.PHONE),
						ColumnMapping.attribute(5, "city", AttributeType.TEXT),
						ColumnMapping.attribute(6, "total_spent", AttributeType.NUMBER),
						ColumnMapping.attribute(7, "last_purchase_at", AttributeType.DATE),
						ColumnMapping.attribute(8, "lead_status", AttributeType.TEXT),
						ColumnMapping.field(9, ImportField.TAGS)),
				DuplicatePolicy.UPDATE, "in-store sign-up form, 2025", EnumSet.of(Channel.SMS, Channel.EMAIL));
	}

	/** Written straight to disk: the generator never holds the file either. */
	private static Path generate(Path directory, int rows) throws Exception {
		Path file = directory.resolve("contacts-" + rows + ".csv");
		try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			writer.write("customer_id,first_name,last_name,email,phone,city,total_spent,last_purchase_at,"
					+ "lead_status,tags\n");
			for (int i = 0; i < rows; i++) {
				boolean bad = i % 100 == 42;
				writer.write("c-" + i + ",First" + (i % 997) + ",\"Last, " + (i % 1009) + "\","
						+ ((bad && i % 200 == 42) ? "not-an-email" : "person" + i + "@bench.example") + ","
						+ ((bad && i % 200 != 42) ? "12345" : phone(i)) + "," + CITIES[i % CITIES.length] + ","
						+ ((i % 5000) / 10.0) + ",2025-"
						+ String.format(Locale.ROOT, "%02d-%02d", 1 + i % 12, 1 + i % 28) + ","
						+ STATUSES[i % STATUSES.length] + "," + ((i % 3 == 0) ? "\"vip,newsletter\"" : "regular")
						+ "\n");
			}
		}
		return file;
	}

	/** Distinct valid US numbers: New York area codes, exchanges 200-999. */
	private static String phone(int i) {
		String[] areas = { "212", "646", "718", "917", "347", "929", "332" };
		int local = 2_000_000 + (i / areas.length) % 8_000_000;
		return "+1" + areas[i % areas.length] + local;
	}

	private static Actor tenantAdmin(TenantService tenants) {
		String key = UUID.randomUUID().toString().substring(0, 8);
		Actor platform = new Actor(Actor.Type.SYSTEM, null, "bench", null, Role.SUPER_ADMIN, Set.of(), null, null);
		Tenant tenant = tenants.create(platform, "bench-" + key, "Bench " + key);
		return new Actor(Actor.Type.USER, "bench", "bench@bench.example", tenant.getId(), Role.TENANT_ADMIN, Set.of(),
				"127.0.0.1", "bench");
	}

	private static double loadAverage() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	private static long jvmCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/**
	 * @param maxLive the heap after any collection during the run, the highest (old
	 * garbage included)
	 * @param held the heap after a full collection, sampled every 5 s, the highest
	 * @param jvmCpuSeconds CPU time of the whole JVM while applying (cleaning, the
	 * driver, the collector)
	 * @param databaseCpuSeconds CPU time of every PostgreSQL process while applying;
	 * negative when unknown
	 */
	private record Result(int rows, long bytes, double uploadSeconds, double applySeconds, long maxLive, long held,
			long created, long failed, double jvmCpuSeconds, double databaseCpuSeconds, double loadBefore,
			double loadAfter) {

		double rate() {
			return this.rows / this.applySeconds;
		}

		double ratePerCpuSecond() {
			return this.rows / (this.jvmCpuSeconds + this.databaseCpuSeconds);
		}

		String line() {
			return String.format(Locale.ROOT,
					"%,d rows (%.1f MB): upload %.1f s, apply %.1f s = %,.0f rows/s (%,d created, %,d rejected); "
							+ "CPU: JVM %.1f s, PostgreSQL %.1f s; load average %.1f -> %.1f; "
							+ "heap after any GC max %.1f MiB, after full GC max %.1f MiB",
					this.rows, this.bytes / 1e6, this.uploadSeconds, this.applySeconds, rate(), this.created,
					this.failed, this.jvmCpuSeconds, this.databaseCpuSeconds, this.loadBefore, this.loadAfter,
					this.maxLive / 1048576.0, this.held / 1048576.0);
		}

	}

	private record Baseline(int rows, double seconds) {

	}

}
