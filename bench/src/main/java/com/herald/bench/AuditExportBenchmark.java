package com.herald.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.audit.AuditExportFormat;
import com.herald.audit.AuditFilter;
import com.herald.audit.AuditService;
import com.herald.audit.ChainVerification;
import com.herald.tenancy.Actor;
import com.herald.tenancy.Role;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * Shows that {@link AuditService#export} keeps memory flat: it exports a tenant chain of
 * 100,000 events and one of 1,000,000, in both formats, through the real service on a
 * throw-away embedded PostgreSQL, and reports rows per second and the heap the export
 * holds. Run it with a small heap ({@code -Xmx256m}): an export that collected its rows
 * first would not fit a million events in it.
 * <p>
 * For each size and format: {@code warmups} untimed exports, {@code repetitions} timed
 * ones (the heap watched by GC notifications and a 1 ms sampler), then one probe export
 * that pauses for a full collection at ten evenly spaced points and notes the live heap,
 * which is exactly what the export keeps reachable at that moment. Last, each chain is
 * verified once, timed.
 * <p>
 * Arguments (all optional): {@code sizes=100000,1000000 warmups=1 repetitions=3}.
 */
public final class AuditExportBenchmark {

	/**
	 * One statement writes a whole chain; the BEFORE INSERT trigger links every row to
	 * the one before (rows written earlier by the same statement are visible to it),
	 * exactly as for events written one by one. The values vary like real ones.
	 */
	private static final String INSERT = """
			INSERT INTO audit_events (tenant_id, actor_type, actor_id, actor_label, actor_role, store_id, action,
			                          target_type, target_id, summary, ip, user_agent)
			SELECT ?, 'USER', 'u-' || (g % 50), 'user' || (g % 50) || '@bench.example', 'TENANT_ADMIN',
			       CASE WHEN g % 4 = 0 THEN NULL
			            ELSE ('00000000-0000-4000-8000-' || lpad((g % 8)::text, 12, '0'))::uuid END,
			       (ARRAY['contact.created', 'contact.updated', 'store.updated', 'membership.changed'])[1 + g % 4],
			       'contact', 'c-' || g,
			       jsonb_build_object(
			           'before', jsonb_build_object('name', 'Contact ' || (g - 1), 'tags', jsonb_build_array('a', 'b')),
			           'after', jsonb_build_object('name', 'Contact ' || g, 'email', 'c' || g || '@example.test',
			                                       'note', 'said "hi", then left')),
			       '203.0.113.' || (g % 250), 'Mozilla/5.0 (X11; Linux x86_64) HeraldBench/1.0'
			FROM generate_series(1, ?) AS g
			""";

	/** Full collections during a probe export, evenly spread over the bytes written. */
	private static final int PROBES = 10;

	private AuditExportBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		List<Integer> sizes = List.of(100_000, 1_000_000);
		int warmups = 1;
		int repetitions = 3;
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			switch (pair[0]) {
				case "sizes" -> sizes = Arrays.stream(pair[1].split(",")).map(Integer::valueOf).toList();
				case "warmups" -> warmups = Integer.parseInt(pair[1]);
				case "repetitions" -> repetitions = Integer.parseInt(pair[1]);
				default -> throw new IllegalArgumentException("Unknown argument " + arg);
			}
		}
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		out.println(Machine.describe("Audit export benchmark"));

		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchApplication.class)
			.web(WebApplicationType.NONE)
			.properties("herald.db.mode=embedded", "herald.db.ephemeral=true", "spring.jpa.open-in-view=false",
					"spring.jpa.hibernate.ddl-auto=validate", "spring.main.banner-mode=off", "logging.level.root=WARN")
			.run()) {
			AuditService audit = context.getBean(AuditService.class);
			TenantTransactions transactions = context.getBean(TenantTransactions.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);

			List<TenantId> chains = new ArrayList<>();
			for (int size : sizes) {
				TenantId tenant = TenantId.random();
				long start = System.nanoTime();
				int inserted = transactions.inTenant(tenant, () -> jdbc.update(INSERT, tenant.value(), size));
				double seconds = (System.nanoTime() - start) / 1e9;
				out.printf(Locale.ROOT, "Inserted %,d chained events in %.1f s (%,.0f rows/s)%n", inserted, seconds,
						inserted / seconds);
				chains.add(tenant);
			}

			List<Result> results = new ArrayList<>();
			List<Probe> probes = new ArrayList<>();
			for (AuditExportFormat format : AuditExportFormat.values()) {
				for (int i = 0; i < sizes.size(); i++) {
					int size = sizes.get(i);
					Actor officer = new Actor(Actor.Type.USER, "bench", "bench@bench.example", chains.get(i),
							Role.COMPLIANCE_OFFICER, Set.of(), "127.0.0.1", "bench");
					for (int w = 0; w < warmups; w++) {
						timed(audit, officer, format, size);
					}
					long bytes = 0;
					for (int r = 0; r < repetitions; r++) {
						Result result = timed(audit, officer, format, size);
						results.add(result);
						bytes = result.bytes();
						out.println(result.line());
					}
					Probe probe = probe(audit, officer, format, size, bytes / PROBES);
					probes.add(probe);
					out.println(probe.line());
				}
			}
			for (int i = 0; i < sizes.size(); i++) {
				Actor officer = new Actor(Actor.Type.USER, "bench", "bench@bench.example", chains.get(i),
						Role.COMPLIANCE_OFFICER, Set.of(), "127.0.0.1", "bench");
				long start = System.nanoTime();
				ChainVerification verified = audit.verify(officer);
				double seconds = (System.nanoTime() - start) / 1e9;
				out.printf(Locale.ROOT, "Verified a chain of %,d events in %.1f s (%,.0f events/s): %s%n",
						verified.eventsChecked(), seconds, verified.eventsChecked() / seconds,
						verified.intact() ? "intact" : "broken at " + verified.firstBreak());
			}
			out.println();
			out.println(summary(results, probes, sizes));
		}
	}

	private static Result timed(AuditService audit, Actor officer, AuditExportFormat format, int size)
			throws Exception {
		CountingOutputStream sink = new CountingOutputStream(Long.MAX_VALUE, () -> {
		});
		long rows;
		long nanos;
		HeapWatch watch = HeapWatch.start();
		try {
			long start = System.nanoTime();
			rows = audit.export(officer, AuditFilter.all(), format, sink);
			nanos = System.nanoTime() - start;
		}
		finally {
			watch.close();
		}
		// each export also records itself, so the chain grows by one event per run
		if (rows < size) {
			throw new IllegalStateException("Exported " + rows + " of " + size + " events");
		}
		return new Result(format, size, rows, sink.count, nanos, watch.maxLiveAfterGc(), watch.peakUsed(),
				watch.collections());
	}

	/**
	 * One more export that stops for a full collection every {@code interval} bytes and
	 * notes the heap left: what the export holds at that moment (fetched rows, buffers),
	 * with nothing left over from collection timing. Not timed.
	 */
	private static Probe probe(AuditService audit, Actor officer, AuditExportFormat format, int size, long interval)
			throws Exception {
		long baseline = HeapWatch.liveNow();
		long[] max = { 0 };
		int[] taken = { 0 };
		CountingOutputStream sink = new CountingOutputStream(interval, () -> {
			max[0] = Math.max(max[0], HeapWatch.liveNow());
			taken[0]++;
		});
		long rows = audit.export(officer, AuditFilter.all(), format, sink);
		return new Probe(format, size, rows, baseline, max[0], taken[0]);
	}

	private static String summary(List<Result> results, List<Probe> probes, List<Integer> sizes) {
		StringBuilder text = new StringBuilder();
		text.append("| format | events | rows/s (median) | MB/s (median) | live heap during export, max (MiB) "
				+ "| of which the export (MiB) | heap after young GCs, max (MiB) | peak heap used (MiB) |\n");
		text.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (AuditExportFormat format : AuditExportFormat.values()) {
			for (int size : sizes) {
				Result median = median(results, format, size);
				Probe probe = probe(probes, format, size);
				long afterYoung = runs(results, format, size).stream()
					.mapToLong(Result::maxLiveAfterGc)
					.max()
					.orElse(0);
				long peak = runs(results, format, size).stream().mapToLong(Result::peakUsed).max().orElse(0);
				text.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %.1f | %.1f | %.2f | %.1f | %.1f |%n",
						format.extension(), size, median.rowsPerSecond(), median.megabytesPerSecond(),
						mib(probe.maxLive()), mib(probe.held()), mib(afterYoung), mib(peak)));
			}
		}
		if (sizes.size() >= 2) {
			int small = sizes.get(0);
			int large = sizes.get(sizes.size() - 1);
			for (AuditExportFormat format : AuditExportFormat.values()) {
				Probe smallProbe = probe(probes, format, small);
				Probe largeProbe = probe(probes, format, large);
				text.append(String.format(Locale.ROOT,
						"%n%s, %,d events vs %,d (x%.0f): live heap during the export x%.2f, held by the export "
								+ "x%.2f, rows/s x%.2f",
						format, large, small, (double) large / small,
						(double) largeProbe.maxLive() / smallProbe.maxLive(),
						(double) largeProbe.held() / Math.max(1, smallProbe.held()),
						median(results, format, large).rowsPerSecond()
								/ median(results, format, small).rowsPerSecond()));
			}
		}
		return text.toString();
	}

	private static List<Result> runs(List<Result> results, AuditExportFormat format, int size) {
		return results.stream().filter((r) -> r.format() == format && r.size() == size).toList();
	}

	private static Result median(List<Result> results, AuditExportFormat format, int size) {
		List<Result> sorted = runs(results, format, size).stream()
			.sorted(java.util.Comparator.comparingDouble(Result::rowsPerSecond))
			.toList();
		return sorted.get(sorted.size() / 2);
	}

	private static Probe probe(List<Probe> probes, AuditExportFormat format, int size) {
		return probes.stream().filter((p) -> p.format() == format && p.size() == size).findFirst().orElseThrow();
	}

	private static double mib(double bytes) {
		return bytes / 1024 / 1024;
	}

	/** A timed export. */
	private record Result(AuditExportFormat format, int size, long rows, long bytes, long nanos, long maxLiveAfterGc,
			long peakUsed, long collections) {

		double rowsPerSecond() {
			return this.rows / (this.nanos / 1e9);
		}

		double megabytesPerSecond() {
			return this.bytes / 1e6 / (this.nanos / 1e9);
		}

		String line() {
			return String.format(Locale.ROOT,
					"%-5s %,10d events: %6.2f s, %,9.0f rows/s, %6.1f MB/s, %,6d MiB written; "
							+ "heap after young GCs max %.1f MiB, peak used %.1f MiB, %d GCs",
					this.format.extension(), this.rows, this.nanos / 1e9, rowsPerSecond(), megabytesPerSecond(),
					this.bytes / 1024 / 1024, mib(this.maxLiveAfterGc), mib(this.peakUsed), this.collections);
		}

	}

	/**
	 * A probe export's findings.
	 *
	 * @param baseline live heap before the export (the application itself)
	 * @param maxLive the most live heap seen at a checkpoint during the export
	 * @param checkpoints how many checkpoints were taken
	 */
	private record Probe(AuditExportFormat format, int size, long rows, long baseline, long maxLive, int checkpoints) {

		/** What the export itself kept reachable, above the application's own heap. */
		long held() {
			return Math.max(0, this.maxLive - this.baseline);
		}

		String line() {
			return String.format(Locale.ROOT,
					"%-5s %,10d events, probe: live heap before %.2f MiB, max live during the export %.2f MiB "
							+ "(%d full-GC checkpoints), held by the export %.2f MiB",
					this.format.extension(), this.rows, mib(this.baseline), mib(this.maxLive), this.checkpoints,
					mib(held()));
		}

	}

	/**
	 * Discards what it is given and counts the bytes; calls {@code checkpoint} each time
	 * another {@code interval} bytes have gone by.
	 */
	private static final class CountingOutputStream extends OutputStream {

		private final long interval;

		private final Runnable checkpoint;

		private long count;

		private long next;

		CountingOutputStream(long interval, Runnable checkpoint) {
			this.interval = Math.max(1, interval);
			this.checkpoint = checkpoint;
			this.next = this.interval;
		}

		@Override
		public void write(int b) {
			this.count++;
			passed();
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.count += len;
			passed();
		}

		private void passed() {
			if (this.count >= this.next) {
				this.next += this.interval;
				this.checkpoint.run();
			}
		}

	}

}
