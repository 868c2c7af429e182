package com.herald.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.herald.audience.Condition;
import com.herald.broadcast.Audience;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.BroadcastLauncher;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.Schedule;
import com.herald.consent.Channel;
import com.herald.dispatch.Dispatcher;
import com.herald.template.MessageRenderer;
import com.herald.tenancy.Actor;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantTransactions;

/**
 * The broadcast engine on a large audience, each part against a baseline measured in the
 * same run, in interleaved rounds (median judged):
 * <ol>
 * <li><b>materialisation</b>: launching an SMS broadcast to every contact of a tenant
 * through {@link BroadcastLauncher#launch} (audience snapshot with exclusion reasons:
 * consent, suppression, category opt-out, frequency cap; one delivery per eligible
 * recipient, idempotent per recipient × channel × step, quiet hours and timezones
 * deciding {@code not_before}) against a raw {@code INSERT … SELECT} of as many rows into
 * the same {@code deliveries} table, same indexes, same role; heap watched;</li>
 * <li><b>claim-and-complete</b>: the real {@link Dispatcher} (quota reservation per
 * batch, {@code SKIP LOCKED} claim, Liquid rendering, send, set-based recording with
 * rollups) with a provider that accepts at once, against a bare JDBC loop doing the same
 * claim and a set-based completion.</li>
 * </ol>
 * Arguments (all optional): {@code contacts=1000000 rounds=3 sends=200000 batch=500
 * workers=2 parts=materialise,dispatch}.
 */
public final class BroadcastEngineBenchmark {

	static final String BODY = "Hi {{ contact.first_name | default: \"there\" }}, 20% off at {{ store.name | default: "
			+ "\"our stores\" }} this week. Reply STOP to opt out";

	private BroadcastEngineBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> arguments = Bench.arguments(args, "contacts", "1000000", "rounds", "3", "sends", "200000",
				"batch", "500", "workers", "2", "parts", "materialise,dispatch");
		List<String> parts = List.of(arguments.get("parts").split(","));
		int contacts = Integer.parseInt(arguments.get("contacts"));
		int rounds = Integer.parseInt(arguments.get("rounds"));
		int sends = Integer.parseInt(arguments.get("sends"));
		int batch = Integer.parseInt(arguments.get("batch"));
		int workers = Integer.parseInt(arguments.get("workers"));
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		out.println(Machine.describe("Broadcast engine benchmark " + arguments));
		Verdicts verdicts = new Verdicts();
		try (ConfigurableApplicationContext context = Bench.start("herald.dispatch.enabled=false",
				"herald.dispatch.batch-size=" + batch, "herald.dispatch.quota.per-second=1000000000")) {
			Engine engine = new Engine(context);
			Actor admin = Bench.tenantAdmin(context, "bench-engine");
			context.getBean(NoopSmsChannel.class).enrol(admin.requireTenant().value());
			engine.seed(out, admin, contacts);
			if (parts.contains("materialise")) {
				materialisation(out, engine, admin, rounds, verdicts);
			}
			if (parts.contains("dispatch")) {
				claimAndComplete(out, engine, admin, rounds, sends, workers, verdicts);
			}
		}
		verdicts.print(out);
	}

	private static void materialisation(PrintStream out, Engine engine, Actor admin, int rounds, Verdicts verdicts)
			throws Exception {
		out.printf(Locale.ROOT, "%nMaterialisation: Herald's launch vs raw INSERT … SELECT of as many rows%n");
		out.println("| round | Herald (s) | deliveries | excluded | raw insert (s) | ratio | live heap during launch, "
				+ "max (MiB) | render every message (s) |");
		out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
		List<Double> ratios = new ArrayList<>();
		List<Double> withRendering = new ArrayList<>();
		long maxHeap = 0;
		for (int round = 1; round <= rounds; round++) {
			// alternate which goes first, so neither always runs on the other's warm
			// cache;
			// the raw insert writes as many rows as the launch did (a first raw run, when
			// it goes first, only warms up)
			if (round % 2 == 0) {
				engine.truncateDeliveries();
				engine.rawInsert(admin, -1);
			}
			engine.truncateDeliveries();
			Launch launch = engine.launch(admin, round == 1);
			engine.truncateDeliveries();
			double raw = engine.rawInsert(admin, launch.deliveries());
			double ratio = launch.seconds() / raw;
			ratios.add(ratio);
			withRendering.add((launch.seconds() + launch.renderSeconds()) / raw);
			maxHeap = Math.max(maxHeap, launch.maxLiveHeap());
			out.printf(Locale.ROOT, "| %d | %.1f | %,d | %,d | %.1f | %.2f | %.0f | %.1f |%n", round, launch.seconds(),
					launch.deliveries(), launch.excluded(), raw, ratio, launch.maxLiveHeap() / 1048576.0,
					launch.renderSeconds());
		}
		verdicts.atMost("Materialise (launch) ÷ raw INSERT … SELECT", Bench.median(ratios), 1.5, String
			.format(Locale.ROOT, "with every message rendered once as well: %.2f", Bench.median(withRendering)));
		double heapMiB = maxHeap / 1048576.0;
		verdicts.atMost("Live heap during launch ÷ 512 MiB", heapMiB / 512, 1.0, String.format(Locale.ROOT,
				"%.0f MiB, JVM max heap %.0f MiB", heapMiB, Runtime.getRuntime().maxMemory() / 1048576.0));
	}

	private static void claimAndComplete(PrintStream out, Engine engine, Actor admin, int rounds, int sends,
			int workers, Verdicts verdicts) throws Exception {
		out.printf(Locale.ROOT, "%nClaim-and-complete of %,d deliveries, %d workers: Herald's Dispatcher (no-op "
				+ "provider) vs bare JDBC claim + set-based completion%n", sends, workers);
		out.println("| round | Herald (msg/s) | bare JDBC (msg/s) | ratio |");
		out.println("|---:|---:|---:|---:|");
		List<Double> ratios = new ArrayList<>();
		engine.truncateDeliveries();
		engine.dispatchHerald(admin, Math.min(sends, 20_000), workers);
		engine.dispatchBare(admin, Math.min(sends, 20_000), workers);
		for (int round = 1; round <= rounds; round++) {
			double herald;
			double bare;
			if (round % 2 == 1) {
				herald = engine.dispatchHerald(admin, sends, workers);
				bare = engine.dispatchBare(admin, sends, workers);
			}
			else {
				bare = engine.dispatchBare(admin, sends, workers);
				herald = engine.dispatchHerald(admin, sends, workers);
			}
			ratios.add(herald / bare);
			out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f |%n", round, herald, bare, herald / bare);
		}
		verdicts.atLeast("Claim-and-complete: Dispatcher ÷ bare JDBC loop", Bench.median(ratios), 0.5,
				sends + " deliveries per round, batch " + engine.batchSize + ", " + workers + " workers");
	}

	/**
	 * @param maxLiveHeap the most heap in use after a collection while it ran
	 * (collections forced every 2 s)
	 * @param renderSeconds rendering every message once afterwards
	 */
	record Launch(UUID broadcastId, double seconds, long deliveries, long excluded, long maxLiveHeap,
			double renderSeconds) {
	}

	/** The parts of Herald a round drives, and the raw SQL it is compared with. */
	static final class Engine {

		private final ConfigurableApplicationContext context;

		private final JdbcClient jdbc;

		private final TenantTransactions transactions;

		private long lastSent;

		private final BroadcastService broadcasts;

		private final Environment environment;

		final int batchSize;

		Engine(ConfigurableApplicationContext context) {
			this.context = context;
			this.jdbc = context.getBean(JdbcClient.class);
			this.transactions = context.getBean(TenantTransactions.class);
			this.broadcasts = context.getBean(BroadcastService.class);
			this.environment = context.getEnvironment();
			this.batchSize = this.environment.getProperty("herald.dispatch.batch-size", Integer.class, 200);
		}

		/**
		 * {@code count} contacts with US numbers in four area codes (10% without a
		 * timezone, so their quiet hours come from the number), SMS consent for 97% (1%
		 * opted out, 2% never asked), 0.5% suppressed, 1% out of promotions, 5% with
		 * their own quiet hours, 3% with a frequency cap; then VACUUM ANALYZE.
		 */
		void seed(PrintStream out, Actor admin, int count) throws Exception {
			TenantId tenant = admin.requireTenant();
			UUID store = this.transactions.readInTenant(tenant,
					() -> this.jdbc.sql("SELECT id FROM stores WHERE tenant_id = ?")
						.param(tenant.value())
						.query(UUID.class)
						.single());
			long start = System.nanoTime();
			int step = 100_000;
			for (int from = 0; from < count; from += step) {
				int to = Math.min(count, from + step) - 1;
				int first = from;
				this.transactions.runInTenant(tenant, () -> {
					this.jdbc
						.sql("""
								INSERT INTO contacts (tenant_id, id, external_id, first_name, last_name, phone_e164,
								                      timezone, store_id, created_at, updated_at)
								SELECT ?, gen_random_uuid(), 'bench-' || g, (ARRAY['Ava','Liam','Noah','Emma','Mia','Omar'])[1 + g % 6],
								       'Last' || (g % 1000),
								       '+1' || (ARRAY['212','312','415','303'])[1 + g % 4] || (2000000 + g / 4)::text,
								       CASE WHEN g % 10 = 0 THEN NULL
								            ELSE (ARRAY['America/New_York','America/Chicago','America/Los_Angeles','America/Denver'])[1 + g % 4] END,
								       ?, now(), now()
								FROM generate_series(?, ?) AS g""")
						.params(tenant.value(), store, first, to)
						.update();
					this.jdbc
						.sql("""
								INSERT INTO consent_status (tenant_id, contact_id, channel, status, source, occurred_at, record_id)
								SELECT c.tenant_id, c.id, 'sms', CASE WHEN r < 0.01 THEN 'opted_out' ELSE 'opted_in' END,
								       'import', now() - interval '30 days', gen_random_uuid()
								FROM (SELECT c.tenant_id, c.id, random() AS r FROM contacts c
								      WHERE c.tenant_id = ? AND c.external_id = ANY (SELECT 'bench-' || g FROM generate_series(?, ?) g)) c
								WHERE r < 0.98""")
						.params(tenant.value(), first, to)
						.update();
					this.jdbc
						.sql("""
								INSERT INTO suppressions (tenant_id, id, channel, address, reason, actor_label)
								SELECT c.tenant_id, gen_random_uuid(), 'sms', c.phone_e164, 'stop', 'bench'
								FROM contacts c WHERE c.tenant_id = ?
								  AND c.external_id = ANY (SELECT 'bench-' || g FROM generate_series(?, ?) g WHERE g % 200 = 7)""")
						.params(tenant.value(), first, to)
						.update();
					this.jdbc
						.sql("""
								INSERT INTO contact_category_preferences (tenant_id, contact_id, channel, category, opted_in)
								SELECT c.tenant_id, c.id, 'sms', 'promotional', false
								FROM contacts c WHERE c.tenant_id = ?
								  AND c.external_id = ANY (SELECT 'bench-' || g FROM generate_series(?, ?) g WHERE g % 100 = 11)""")
						.params(tenant.value(), first, to)
						.update();
					this.jdbc
						.sql("""
								INSERT INTO contact_preferences (tenant_id, contact_id, quiet_start, quiet_end,
								                                 frequency_cap_count, frequency_cap_days)
								SELECT c.tenant_id, c.id,
								       CASE WHEN g % 100 < 5 THEN time '22:00' END, CASE WHEN g % 100 < 5 THEN time '09:00' END,
								       CASE WHEN g % 100 >= 5 THEN 2 END, CASE WHEN g % 100 >= 5 THEN 7 END
								FROM generate_series(?, ?) g
								JOIN contacts c ON c.tenant_id = ? AND c.external_id = 'bench-' || g
								WHERE g % 100 < 8""")
						.params(first, to, tenant.value())
						.update();
				});
			}
			double seeded = (System.nanoTime() - start) / 1e9;
			try (Connection owner = Bench.owner(this.environment); Statement statement = owner.createStatement()) {
				for (String table : List.of("contacts", "consent_status", "suppressions",
						"contact_category_preferences", "contact_preferences")) {
					statement.execute("VACUUM (ANALYZE) " + table);
				}
			}
			out.printf(Locale.ROOT, "Seeded %,d contacts (consent, suppressions, preferences) in %.1f s%n", count,
					seeded);
		}

		void truncateDeliveries() throws Exception {
			try (Connection owner = Bench.owner(this.environment); Statement statement = owner.createStatement()) {
				statement
					.execute("UPDATE broadcasts SET status = 'completed' WHERE status IN ('sending', 'scheduled')");
				statement.execute("TRUNCATE deliveries, broadcast_recipients, delivery_events");
				statement.execute("VACUUM (ANALYZE) broadcasts");
			}
		}

		private UUID draft(Actor admin, String name) {
			return draft(admin, name, Audience.criteria(Condition.of("created_at", "exists")));
		}

		private UUID draft(Actor admin, String name, Audience audience) {
			return this.broadcasts
				.create(admin,
						new BroadcastDraft(name, null, Channel.SMS, audience, null, BODY, "promotional", Schedule.NOW,
								7500))
				.id();
		}

		private void setStatus(UUID broadcast, String status) throws Exception {
			try (Connection owner = Bench.owner(this.environment);
					PreparedStatement update = owner
						.prepareStatement("UPDATE broadcasts SET status = ? WHERE id = ?")) {
				update.setString(1, status);
				update.setObject(2, broadcast);
				update.executeUpdate();
			}
		}

		/**
		 * Herald's launch of a broadcast to everyone, timed, with the heap watched; then
		 * every message rendered once (timed apart) and, if asked, the launch run again
		 * to show it adds nothing.
		 */
		Launch launch(Actor admin, boolean again) throws Exception {
			UUID id = draft(admin, "Launch " + UUID.randomUUID());
			// scheduled without its db-scheduler task (the scheduler is off in the
			// bench):
			// the launch runs here, on this thread, where it can be timed
			setStatus(id, "scheduled");
			TenantId tenant = admin.requireTenant();
			HeapWatch watch = HeapWatch.start();
			long[] held = { HeapWatch.liveNow() };
			Thread probe = Thread.ofPlatform().daemon().start(() -> {
				try {
					while (true) {
						Thread.sleep(2_000);
						held[0] = Math.max(held[0], HeapWatch.liveNow());
					}
				}
				catch (InterruptedException ex) {
					// the launch is over
				}
			});
			long start = System.nanoTime();
			try {
				this.context.getBean(BroadcastLauncher.class).launch(tenant, id);
			}
			finally {
				probe.interrupt();
				probe.join();
				watch.close();
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			Map<String, Object> state = this.transactions.readInTenant(tenant, () -> this.jdbc.sql("""
					SELECT b.status, b.failure_reason, s.total, s.excluded FROM broadcasts b
					JOIN broadcast_stats s ON s.tenant_id = b.tenant_id AND s.broadcast_id = b.id
					WHERE b.tenant_id = ? AND b.id = ?""").params(tenant.value(), id).query().singleRow());
			if (!"sending".equals(state.get("status"))) {
				throw new IllegalStateException("The launch did not start sending: " + state);
			}
			long deliveries = ((Number) state.get("total")).longValue();
			double render = renderAll(admin, id);
			if (again) {
				setStatus(id, "scheduled");
				this.context.getBean(BroadcastLauncher.class).launch(tenant, id);
				long after = this.transactions.readInTenant(tenant,
						() -> this.jdbc.sql("SELECT count(*) FROM deliveries WHERE tenant_id = ? AND broadcast_id = ?")
							.params(tenant.value(), id)
							.query(Long.class)
							.single());
				System.out.printf(Locale.ROOT, "Launching the broadcast again: %,d deliveries before, %,d after%n",
						deliveries, after);
				if (after != deliveries) {
					throw new IllegalStateException("A second launch added deliveries");
				}
			}
			return new Launch(id, seconds, deliveries, ((Number) state.get("excluded")).longValue(),
					Math.max(watch.maxLiveAfterGc(), held[0]), render);
		}

		/**
		 * The baseline: {@code rows} deliveries (every contact with a phone when
		 * negative) inserted by one hand-written {@code INSERT … SELECT}, as the
		 * application role in the tenant's transaction.
		 */
		double rawInsert(Actor admin, long rows) {
			UUID id = draft(admin, "Raw " + UUID.randomUUID());
			TenantId tenant = admin.requireTenant();
			long start = System.nanoTime();
			int inserted = this.transactions.inTenant(tenant, () -> this.jdbc.sql("""
					INSERT INTO deliveries (tenant_id, id, broadcast_id, contact_id, channel, step, store_id, address,
					                        not_before)
					SELECT c.tenant_id, gen_random_uuid(), ?, c.id, 'sms', 0, c.store_id, c.phone_e164, now()
					FROM contacts c WHERE c.tenant_id = ? AND c.phone_e164 IS NOT NULL LIMIT ?""")
				.params(id, tenant.value(), (rows < 0) ? Long.MAX_VALUE : rows)
				.update());
			if (rows >= 0 && inserted != rows) {
				throw new IllegalStateException("The raw insert wrote " + inserted + " rows, not " + rows);
			}
			return (System.nanoTime() - start) / 1e9;
		}

		/**
		 * Renders every delivery's message once with {@link MessageRenderer}, the
		 * variables read as the dispatcher reads them, streamed: the Liquid work that
		 * Herald does at dispatch rather than at launch.
		 */
		double renderAll(Actor admin, UUID broadcast) throws Exception {
			MessageRenderer renderer = this.context.getBean(MessageRenderer.class);
			var template = renderer.compile("body", BODY);
			long[] rendered = { 0 };
			long start = System.nanoTime();
			TenantId tenant = admin.requireTenant();
			this.transactions.readInTenant(tenant, () -> {
				this.jdbc.sql("""
						SELECT c.first_name, c.last_name, c.phone_e164, st.name AS store_name
						FROM deliveries d JOIN contacts c ON c.tenant_id = d.tenant_id AND c.id = d.contact_id
						LEFT JOIN stores st ON st.tenant_id = d.tenant_id AND st.id = d.store_id
						WHERE d.tenant_id = ? AND d.broadcast_id = ?""")
					.withFetchSize(1000)
					.params(tenant.value(), broadcast)
					.query((ResultSet rs) -> {
						Map<String, Object> contact = new HashMap<>();
						contact.put("first_name", rs.getString(1));
						contact.put("last_name", rs.getString(2));
						contact.put("phone", rs.getString(3));
						Map<String, Object> store = new HashMap<>();
						store.put("name", rs.getString(4));
						if (!renderer.render(template, Map.of("contact", contact, "store", store)).isEmpty()) {
							rendered[0]++;
						}
					});
				return null;
			});
			return (System.nanoTime() - start) / 1e9;
		}

		/** Queues {@code count} deliveries of a new broadcast that is sending. */
		private UUID queue(Actor admin, int count) throws Exception {
			truncateDeliveries();
			UUID id = draft(admin, "Dispatch " + UUID.randomUUID());
			rawInsert(admin, count);
			try (Connection owner = Bench.owner(this.environment);
					PreparedStatement move = owner.prepareStatement(
							"UPDATE deliveries SET broadcast_id = ?, not_before = now() - interval '1 second'");
					PreparedStatement stats = owner
						.prepareStatement("UPDATE broadcast_stats SET total = ? WHERE broadcast_id = ?");
					Statement statement = owner.createStatement()) {
				move.setObject(1, id);
				move.executeUpdate();
				stats.setLong(1, count);
				stats.setObject(2, id);
				stats.executeUpdate();
				statement.execute("VACUUM (ANALYZE) deliveries");
			}
			setStatus(id, "sending");
			return id;
		}

		/**
		 * {@code count} deliveries of a new sending broadcast, already handed to
		 * {@code provider} (status {@code sent}, a provider message id each): what status
		 * callbacks find.
		 */
		UUID sentDeliveries(Actor admin, int count, String provider) throws Exception {
			UUID id = queue(admin, count);
			try (Connection owner = Bench.owner(this.environment);
					PreparedStatement sent = owner.prepareStatement(
							"""
									UPDATE deliveries SET status = 'sent', provider = ?, attempts = 1,
									    provider_message_id = 'SM' || replace(id::text, '-', ''), sent_at = now(), status_at = now()
									WHERE broadcast_id = ?""");
					PreparedStatement stats = owner
						.prepareStatement("UPDATE broadcast_stats SET sent = total WHERE broadcast_id = ?");
					Statement statement = owner.createStatement()) {
				sent.setString(1, provider);
				sent.setObject(2, id);
				sent.executeUpdate();
				stats.setObject(1, id);
				stats.executeUpdate();
				statement.execute("VACUUM (ANALYZE) deliveries");
			}
			return id;
		}

		/** The broadcast's deliveries: id, provider message id, store, address. */
		List<String[]> deliveries(Actor admin, UUID broadcast) {
			TenantId tenant = admin.requireTenant();
			return this.transactions.readInTenant(tenant, () -> this.jdbc.sql("""
					SELECT id, provider_message_id, store_id, address FROM deliveries
					WHERE tenant_id = ? AND broadcast_id = ?""")
				.params(tenant.value(), broadcast)
				.query((rs, row) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4) })
				.list());
		}

		long countDelivered(Actor admin, UUID broadcast) {
			TenantId tenant = admin.requireTenant();
			return this.transactions.readInTenant(tenant, () -> this.jdbc.sql(
					"SELECT count(*) FROM deliveries WHERE tenant_id = ? AND broadcast_id = ? AND status = 'delivered'")
				.params(tenant.value(), broadcast)
				.query(Long.class)
				.single());
		}

		/**
		 * Every delivery delivered, one delivered event each, and the broadcast's counter
		 * equal to the count: no report lost, none counted twice.
		 */
		void requireDelivered(Actor admin, UUID broadcast, int count) {
			TenantId tenant = admin.requireTenant();
			Map<String, Object> found = this.transactions.readInTenant(tenant, () -> this.jdbc
				.sql("""
						SELECT (SELECT count(*) FROM deliveries WHERE tenant_id = ? AND broadcast_id = ?
						            AND status = 'delivered') AS delivered,
						       (SELECT count(*) FROM delivery_events e JOIN deliveries d
						            ON d.tenant_id = e.tenant_id AND d.id = e.delivery_id
						        WHERE e.tenant_id = ? AND d.broadcast_id = ? AND e.kind = 'delivered') AS events,
						       (SELECT delivered FROM broadcast_stats_now WHERE tenant_id = ? AND broadcast_id = ?) AS counted""")
				.params(tenant.value(), broadcast, tenant.value(), broadcast, tenant.value(), broadcast)
				.query()
				.singleRow());
			for (String column : List.of("delivered", "events", "counted")) {
				if (((Number) found.get(column)).longValue() != count) {
					throw new IllegalStateException("Lost updates: " + found + " for " + count + " callbacks");
				}
			}
		}

		/**
		 * Herald's dispatcher, called in a loop by {@code workers} threads, on
		 * {@code count} deliveries queued by a raw insert (no launch filtering: the
		 * send-time check skips the seeded opted-out and suppressed contacts).
		 */
		double dispatchHerald(Actor admin, int count, int workers) throws Exception {
			return dispatch(admin, queue(admin, count), count, count / 10, workers);
		}

		/**
		 * Herald's dispatcher as {@link #dispatchHerald}, on a promotional broadcast
		 * launched by Herald, as users launch one, to about {@code count} contacts (the
		 * first without quiet hours of their own, the tenant's turned off, so every
		 * delivery is due now): launch filtering leaves out whom the send-time check
		 * would skip, so every delivery must be sent.
		 */
		double dispatchLaunched(Actor admin, int count, int workers) throws Exception {
			truncateDeliveries();
			TenantId tenant = admin.requireTenant();
			String tag = "dispatch-" + count;
			try (Connection owner = Bench.owner(this.environment); PreparedStatement quiet = owner.prepareStatement("""
					INSERT INTO tenant_messaging_settings (tenant_id, promotional_sms_quiet_start,
					    promotional_sms_quiet_end) VALUES (?, NULL, NULL)
					ON CONFLICT (tenant_id) DO UPDATE SET promotional_sms_quiet_start = NULL,
					    promotional_sms_quiet_end = NULL"""); PreparedStatement tagging = owner.prepareStatement("""
					UPDATE contacts SET tags = array_append(tags, ?) WHERE tenant_id = ? AND id IN (
					    SELECT c.id FROM contacts c WHERE c.tenant_id = ? AND NOT ? = ANY (c.tags)
					      AND NOT EXISTS (SELECT 1 FROM contact_preferences p WHERE p.tenant_id = c.tenant_id
					                      AND p.contact_id = c.id AND p.quiet_start IS NOT NULL)
					    ORDER BY c.external_id LIMIT ? - (SELECT count(*) FROM contacts t
					                                      WHERE t.tenant_id = ? AND ? = ANY (t.tags)))""")) {
				quiet.setObject(1, tenant.value());
				quiet.executeUpdate();
				tagging.setString(1, tag);
				tagging.setObject(2, tenant.value());
				tagging.setObject(3, tenant.value());
				tagging.setString(4, tag);
				tagging.setInt(5, count);
				tagging.setObject(6, tenant.value());
				tagging.setString(7, tag);
				tagging.executeUpdate();
			}
			UUID id = draft(admin, "Launched " + UUID.randomUUID(),
					Audience.criteria(Condition.of("tags", "any", tag)));
			// the launch runs here, as in launch(): the scheduler is off in the bench
			setStatus(id, "scheduled");
			this.context.getBean(BroadcastLauncher.class).launch(tenant, id);
			long total = this.transactions.readInTenant(tenant,
					() -> this.jdbc.sql("SELECT total FROM broadcast_stats WHERE tenant_id = ? AND broadcast_id = ?")
						.params(tenant.value(), id)
						.query(Long.class)
						.single());
			return dispatch(admin, id, (int) total, 0, workers);
		}

		private double dispatch(Actor admin, UUID id, int count, int maxSkipped, int workers) throws Exception {
			Dispatcher dispatcher = this.context.getBean(Dispatcher.class);
			TenantId tenant = admin.requireTenant();
			double seconds = onThreads(workers, (name) -> {
				// what a dispatch worker does: again at once after work, a poll interval
				// later after none (a quota ran dry), until the broadcast is done
				while (true) {
					if (dispatcher.dispatchOnce(name) == 0) {
						if (this.transactions.readInTenant(tenant, () -> this.jdbc.sql(
								"SELECT count(*) FROM deliveries WHERE tenant_id = ? AND broadcast_id = ? AND status = 'queued'")
							.params(tenant.value(), id)
							.query(Long.class)
							.single()) == 0) {
							return;
						}
						Thread.sleep(250);
					}
				}
			});
			this.lastSent = requireAllSent(admin, id, count, maxSkipped);
			return this.lastSent / seconds;
		}

		/**
		 * How many the last {@link #dispatchHerald} or {@link #dispatchLaunched} sent.
		 */
		long lastSent() {
			return this.lastSent;
		}

		/** The same claim, then one UPDATE for the batch, on bare JDBC connections. */
		double dispatchBare(Actor admin, int count, int workers) throws Exception {
			UUID id = queue(admin, count);
			DataSource dataSource = this.context.getBean(DataSource.class);
			String tenant = admin.requireTenant().value().toString();
			double seconds = onThreads(workers, (name) -> {
				try (Connection connection = dataSource.getConnection();
						PreparedStatement bind = connection.prepareStatement(
								"SELECT set_config('app.tenant_id', ?, true), set_config('app.platform_access', 'false', true)");
						PreparedStatement claim = connection.prepareStatement(
								"""
										UPDATE deliveries d SET status = 'sending', claimed_by = ?, claimed_at = now(), provider = 'noop',
										    attempts = d.attempts + 1, updated_at = now()
										FROM (SELECT q.tenant_id, q.id FROM deliveries q
										      JOIN broadcasts b ON b.tenant_id = q.tenant_id AND b.id = q.broadcast_id
										      WHERE q.tenant_id = ?::uuid AND q.channel = 'sms' AND q.status = 'queued'
										        AND q.not_before <= now() AND b.status = 'sending'
										      ORDER BY q.not_before LIMIT ? FOR UPDATE OF q SKIP LOCKED) due
										WHERE d.tenant_id = due.tenant_id AND d.id = due.id
										RETURNING d.id""");
						PreparedStatement complete = connection.prepareStatement(
								"""
										UPDATE deliveries SET status = 'sent', provider_message_id = 'noop-' || id, sent_at = now(),
										    status_at = now(), updated_at = now()
										WHERE tenant_id = ?::uuid AND id = ANY (?) AND status = 'sending'""")) {
					connection.setAutoCommit(false);
					while (true) {
						bind.setString(1, tenant);
						bind.execute();
						claim.setString(1, name);
						claim.setString(2, tenant);
						claim.setInt(3, this.batchSize);
						List<UUID> ids = new ArrayList<>();
						try (ResultSet rs = claim.executeQuery()) {
							while (rs.next()) {
								ids.add(rs.getObject(1, UUID.class));
							}
						}
						connection.commit();
						if (ids.isEmpty()) {
							return;
						}
						bind.execute();
						Array array = connection.createArrayOf("uuid", ids.toArray());
						complete.setString(1, tenant);
						complete.setArray(2, array);
						complete.executeUpdate();
						connection.commit();
					}
				}
			});
			requireAllSent(admin, id, count, 0);
			return count / seconds;
		}

		private long requireAllSent(Actor admin, UUID id, int count, int maxSkipped) {
			TenantId tenant = admin.requireTenant();
			long sent = this.transactions.readInTenant(tenant, () -> this.jdbc
				.sql("SELECT count(*) FROM deliveries WHERE tenant_id = ? AND broadcast_id = ? AND status = 'sent'")
				.params(tenant.value(), id)
				.query(Long.class)
				.single());
			long skipped = this.transactions.readInTenant(tenant, () -> this.jdbc
				.sql("SELECT count(*) FROM deliveries WHERE tenant_id = ? AND broadcast_id = ? AND status = 'skipped'")
				.params(tenant.value(), id)
				.query(Long.class)
				.single());
			if (sent + skipped != count || skipped > maxSkipped) {
				String states = this.transactions.readInTenant(tenant, () -> this.jdbc.sql("""
						SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) AS n FROM deliveries
						WHERE tenant_id = ? AND broadcast_id = ? GROUP BY status) s""")
					.params(tenant.value(), id)
					.query(String.class)
					.single());
				throw new IllegalStateException(sent + " of " + count + " deliveries were sent (" + states + ")");
			}
			return sent;
		}

	}

	interface Work {

		void run(String name) throws Exception;

	}

	/** Runs the work on {@code threads} threads at once; returns the seconds it took. */
	static double onThreads(int threads, Work work) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			long start = System.nanoTime();
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				String name = "bench:worker-" + i;
				running.add(pool.submit(() -> {
					work.run(name);
					return null;
				}));
			}
			for (Future<?> future : running) {
				future.get();
			}
			return (System.nanoTime() - start) / 1e9;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
