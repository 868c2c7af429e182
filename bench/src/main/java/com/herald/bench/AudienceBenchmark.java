package com.herald.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import com.herald.audience.AudienceCounts;
import com.herald.audience.AudienceService;
import com.herald.audience.CompiledAudience;
import com.herald.audience.CriteriaJson;
import com.herald.audience.Condition;
import com.herald.audience.Criterion;
import com.herald.audience.Group;
import com.herald.consent.Channel;
import com.herald.demo.ContactGenerator;
import com.herald.tenancy.Actor;
import com.herald.tenancy.ApiKeyService;
import com.herald.tenancy.Role;
import com.herald.tenancy.Store;
import com.herald.tenancy.StoreDetails;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.Tenant;
import com.herald.tenancy.TenantId;
import com.herald.tenancy.TenantService;
import com.herald.tenancy.TenantTransactions;

/**
 * Audience counts on a million contacts, through Herald's own endpoint. Seeds tenant A
 * with {@code contacts} and tenant B with {@code small} generated contacts through
 * {@link ContactGenerator} (timed) in a throw-away embedded PostgreSQL, starts the
 * packaged Herald application against that database ({@link HeraldServer}: its own JVM,
 * real HTTP), issues an API key per tenant, then:
 * <ol>
 * <li>the typical audience (one attribute, one tag, one consent check):
 * {@code POST /api/v1/audiences/count} (matched plus reachable per channel, JSON, API
 * key, row-level security), interleaved with the raw SQL of the same filter (a
 * hand-written {@code count(*)} over JDBC as the same role, same tenant binding), after
 * {@code warmups}, in {@code rounds} rounds of {@code repetitions}; p50/p95 per round and
 * overall, and the ratio of the p50s;</li>
 * <li>a sweep of audiences of every shape, over HTTP, to find the slowest, with the plan
 * of the slowest and of the typical one ({@code EXPLAIN ANALYZE} as the application
 * role);</li>
 * <li>the typical audience in tenant B.</li>
 * </ol>
 * Arguments (all optional):
 * {@code contacts=1000000 small=100000 rounds=3 repetitions=20 warmups=5 sweep=5
 * app=platform-web/target/platform-web-0.1.0-SNAPSHOT.jar}.
 */
public final class AudienceBenchmark {

	private static final Criterion TYPICAL = Group.and(Condition.attribute("lead_source", "text", "equals", "web"),
			Condition.of("tags", "any", "vip"), Condition.of("consent.sms", "equals", "opted_in"));

	/**
	 * The typical audience's filter as someone would write it by hand, as fast as the
	 * application role can run it: tag and attribute through contact_facts' primary key,
	 * consent through consent_status' (see docs/performance.md).
	 */
	private static final String TYPICAL_RAW = """
			SELECT count(*) FROM contacts c
			WHERE c.tenant_id = ? AND c.erased_at IS NULL
			  AND EXISTS (SELECT 1 FROM contact_facts f WHERE f.tenant_id = c.tenant_id AND f.contact_id = c.id
			              AND f.fact = 'a:lead_source=web')
			  AND EXISTS (SELECT 1 FROM contact_facts f WHERE f.tenant_id = c.tenant_id AND f.contact_id = c.id
			              AND f.fact = 't:vip')
			  AND EXISTS (SELECT 1 FROM consent_status cs WHERE cs.tenant_id = c.tenant_id AND cs.contact_id = c.id
			              AND cs.channel = 'sms' AND cs.status = 'opted_in')""";

	/**
	 * The same filter over the contacts row alone (jsonb and array operators): what the
	 * facts replace. Under row-level security no index serves it.
	 */
	private static final String TYPICAL_RAW_UNINDEXED = """
			SELECT count(*) FROM contacts c
			WHERE c.tenant_id = ? AND c.erased_at IS NULL AND lower(c.attributes ->> 'lead_source') = 'web'
			  AND c.tags && ARRAY['vip'] AND EXISTS (SELECT 1 FROM consent_status cs WHERE cs.tenant_id = c.tenant_id
			      AND cs.contact_id = c.id AND cs.channel = 'sms' AND cs.status = 'opted_in')""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private AudienceBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int contacts = 1_000_000;
		int small = 100_000;
		int rounds = 3;
		int repetitions = 20;
		int warmups = 5;
		int sweepRepetitions = 5;
		Path app = Path.of("platform-web/target/platform-web-0.1.0-SNAPSHOT.jar");
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			switch (pair[0]) {
				case "contacts" -> contacts = Integer.parseInt(pair[1]);
				case "small" -> small = Integer.parseInt(pair[1]);
				case "rounds" -> rounds = Integer.parseInt(pair[1]);
				case "repetitions" -> repetitions = Integer.parseInt(pair[1]);
				case "warmups" -> warmups = Integer.parseInt(pair[1]);
				case "sweep" -> sweepRepetitions = Integer.parseInt(pair[1]);
				case "app" -> app = Path.of(pair[1]);
				default -> throw new IllegalArgumentException("Unknown argument " + arg);
			}
		}
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		out.println(Machine.describe("Audience benchmark"));

		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BenchApplication.class)
			.web(WebApplicationType.NONE)
			.properties("herald.db.mode=embedded", "herald.db.ephemeral=true", "spring.jpa.open-in-view=false",
					"spring.jpa.hibernate.ddl-auto=validate", "spring.main.banner-mode=off", "logging.level.root=WARN")
			.run()) {
			ContactGenerator generator = context.getBean(ContactGenerator.class);
			AudienceService audiences = context.getBean(AudienceService.class);
			TenantTransactions transactions = context.getBean(TenantTransactions.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			Environment environment = context.getEnvironment();

			Actor adminA = tenantAdmin(context, "bench-a");
			Actor adminB = tenantAdmin(context, "bench-b");
			seed(out, generator, adminA, contacts);
			seed(out, generator, adminB, small);
			analyze(out, environment);
			String storeOne = firstStore(context, adminA);
			String keyA = apiKey(context, adminA);
			String keyB = apiKey(context, adminB);

			long start = System.nanoTime();
			try (HeraldServer herald = HeraldServer.start(app, "512m",
					Map.of("spring.datasource.url", environment.getRequiredProperty("spring.datasource.url"),
							"spring.datasource.username", environment.getRequiredProperty("spring.datasource.username"),
							"spring.datasource.password", environment.getRequiredProperty("spring.datasource.password"),
							"spring.flyway.url", environment.getRequiredProperty("spring.flyway.url"),
							"spring.flyway.user", environment.getRequiredProperty("spring.flyway.user"),
							"spring.flyway.password", environment.getRequiredProperty("spring.flyway.password"),
							"spring.flyway.placeholders.app_role",
							environment.getRequiredProperty("spring.flyway.placeholders.app_role")))) {
				out.printf(Locale.ROOT, "Herald started at %s in %.1f s%n", herald.base(),
						(System.nanoTime() - start) / 1e9);
				Endpoint endpoint = new Endpoint(herald.base());

				TenantId tenant = adminA.requireTenant();
				LongSupplier overHttp = () -> endpoint.count(keyA, TYPICAL).matched();
				LongSupplier raw = () -> transactions.readInTenant(tenant,
						() -> jdbc.queryForObject(TYPICAL_RAW, Long.class, tenant.value()));
				AudienceCounts typical = endpoint.count(keyA, TYPICAL);
				long rawMatched = raw.getAsLong();
				long unindexedMatched = transactions.readInTenant(tenant,
						() -> jdbc.queryForObject(TYPICAL_RAW_UNINDEXED, Long.class, tenant.value()));
				AudienceCounts byService = audiences.counts(adminA, TYPICAL);
				if (typical.matched() != rawMatched || typical.matched() != unindexedMatched
						|| !typical.equals(byService)) {
					throw new IllegalStateException("Herald counted " + typical + ", raw SQL " + rawMatched
							+ ", over contacts alone " + unindexedMatched + ", the service " + byService);
				}
				out.printf(Locale.ROOT,
						"%nTypical audience (lead_source = web, tag vip, sms opted in): %,d matched, "
								+ "reachable sms %,d, whatsapp %,d, email %,d%n",
						typical.matched(), typical.reachable(Channel.SMS), typical.reachable(Channel.WHATSAPP),
						typical.reachable(Channel.EMAIL));
				for (int i = 0; i < warmups; i++) {
					overHttp.getAsLong();
					raw.getAsLong();
				}
				List<Long> allHerald = new ArrayList<>();
				List<Long> allRaw = new ArrayList<>();
				out.println("| round | Herald over HTTP p50 (ms) | p95 (ms) | raw SQL p50 (ms) | raw SQL p95 (ms) "
						+ "| p50 ratio |");
				out.println("|---:|---:|---:|---:|---:|---:|");
				for (int round = 1; round <= rounds; round++) {
					List<Long> heraldTimes = new ArrayList<>();
					List<Long> rawTimes = new ArrayList<>();
					for (int i = 0; i < repetitions; i++) {
						// alternate which goes first, so neither always runs on the
						// other's
						// warm cache
						if (i % 2 == 0) {
							heraldTimes.add(time(overHttp));
							rawTimes.add(time(raw));
						}
						else {
							rawTimes.add(time(raw));
							heraldTimes.add(time(overHttp));
						}
					}
					allHerald.addAll(heraldTimes);
					allRaw.addAll(rawTimes);
					out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f | %.2f |%n", round,
							ms(pct(heraldTimes, 50)), ms(pct(heraldTimes, 95)), ms(pct(rawTimes, 50)),
							ms(pct(rawTimes, 95)), (double) pct(heraldTimes, 50) / pct(rawTimes, 50));
				}
				out.printf(Locale.ROOT, "| all %d | %.1f | %.1f | %.1f | %.1f | %.2f |%n", allHerald.size(),
						ms(pct(allHerald, 50)), ms(pct(allHerald, 95)), ms(pct(allRaw, 50)), ms(pct(allRaw, 95)),
						(double) pct(allHerald, 50) / pct(allRaw, 50));
				List<Long> unindexed = new ArrayList<>();
				for (int i = 0; i < 3; i++) {
					unindexed.add(time(() -> transactions.readInTenant(tenant,
							() -> jdbc.queryForObject(TYPICAL_RAW_UNINDEXED, Long.class, tenant.value()))));
				}
				out.printf(Locale.ROOT,
						"Same filter over the contacts row alone (jsonb ->> and tags &&, no index under RLS), "
								+ "3 runs: p50 %.1f ms%n",
						ms(pct(unindexed, 50)));
				explain(out, "typical audience", audiences, transactions, jdbc, adminA, TYPICAL);

				out.printf(Locale.ROOT, "%nSweep: each audience counted over HTTP (matched + reachable) %d times "
						+ "after 2 warm-ups, tenant A%n", sweepRepetitions);
				out.println("| audience | matched | p50 (ms) | p95 (ms) | max (ms) |");
				out.println("|---|---:|---:|---:|---:|");
				String worst = "";
				long worstP95 = 0;
				for (Map.Entry<String, Criterion> entry : sweep(storeOne).entrySet()) {
					Criterion tree = entry.getValue();
					long matched = endpoint.count(keyA, tree).matched();
					endpoint.count(keyA, tree);
					List<Long> times = new ArrayList<>();
					for (int i = 0; i < sweepRepetitions; i++) {
						times.add(time(() -> endpoint.count(keyA, tree).matched()));
					}
					out.printf(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %.1f |%n", entry.getKey(), matched,
							ms(pct(times, 50)), ms(pct(times, 95)), ms(pct(times, 100)));
					if (pct(times, 95) > worstP95) {
						worstP95 = pct(times, 95);
						worst = entry.getKey();
					}
				}
				out.printf(Locale.ROOT, "%nWorst case: %s, p95 %.1f ms%n", worst, ms(worstP95));
				explain(out, "worst case", audiences, transactions, jdbc, adminA, sweep(storeOne).get(worst));
				List<Long> smallTimes = new ArrayList<>();
				for (int i = 0; i < warmups; i++) {
					endpoint.count(keyB, TYPICAL);
				}
				for (int i = 0; i < repetitions; i++) {
					smallTimes.add(time(() -> endpoint.count(keyB, TYPICAL).matched()));
				}
				out.printf(Locale.ROOT,
						"Tenant B (%,d contacts), typical audience over HTTP: p50 %.1f ms, p95 %.1f ms%n", small,
						ms(pct(smallTimes, 50)), ms(pct(smallTimes, 95)));
				out.println(Machine.describe("Audience benchmark, end"));
			}
		}
	}

	/**
	 * {@code POST /api/v1/audiences/count} with a tenant API key, on one kept-alive
	 * client.
	 */
	private record Endpoint(URI base, HttpClient client) {

		Endpoint(URI base) {
			this(base, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
		}

		AudienceCounts count(String apiKey, Criterion tree) {
			String body = "{\"criteria\":" + CriteriaJson.write(tree) + "}";
			try {
				HttpResponse<String> response = this.client
					.send(HttpRequest.newBuilder(this.base.resolve("/api/v1/audiences/count"))
						.header("X-API-Key", apiKey)
						.header("Content-Type", "application/json")
						.header("Accept", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 200) {
					throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
				}
				JsonNode json = JSON.readTree(response.body());
				Map<Channel, Long> reachable = new EnumMap<>(Channel.class);
				for (Channel channel : Channel.values()) {
					reachable.put(channel, json.get("reachable").get(channel.key()).asLong());
				}
				return new AudienceCounts(json.get("matched").asLong(), reachable);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	/**
	 * The plan of the count the endpoint runs, as the application role: which indexes
	 * serve it.
	 */
	private static void explain(PrintStream out, String label, AudienceService audiences,
			TenantTransactions transactions, JdbcTemplate jdbc, Actor admin, Criterion tree) {
		CompiledAudience audience = audiences.compile(admin, tree);
		String sql = "EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*), count(*) FILTER (WHERE c.reachable_sms), "
				+ "count(*) FILTER (WHERE c.reachable_whatsapp), count(*) FILTER (WHERE c.reachable_email) "
				+ "FROM contacts c WHERE " + audience.where();
		List<String> plan = transactions.readInTenant(admin.requireTenant(),
				() -> jdbc.queryForList(sql, String.class, audience.params().toArray()));
		out.printf(Locale.ROOT, "%nPlan of the %s (EXPLAIN ANALYZE as the application role):%n", label);
		plan.forEach((line) -> out.println("    " + line));
	}

	/** Audiences of every shape the builder makes, broad and narrow. */
	private static Map<String, Criterion> sweep(String storeOne) {
		Map<String, Criterion> audiences = new LinkedHashMap<>();
		audiences.put("typical: lead_source = web AND tag vip AND sms opted in", TYPICAL);
		audiences.put("everyone (created_at exists)", Condition.of("created_at", "exists"));
		audiences.put("email not opted out", Condition.of("consent.email", "not_equals", "opted_out"));
		audiences.put("whatsapp unknown", Condition.of("consent.whatsapp", "equals", "unknown"));
		audiences.put("store one", Condition.of("store", "equals", storeOne));
		audiences.put("tag newsletter OR lead_source in (facebook, instagram)",
				Group.or(Condition.of("tags", "any", "newsletter"),
						Condition.attribute("lead_source", "text", "in", "facebook", "instagram")));
		audiences.put("total_spent > 250 (number)", Condition.attribute("total_spent", "number", "gt", "250"));
		audiences.put("last_purchase_at within 90 days (date)",
				Condition.attribute("last_purchase_at", "date", "within_last_days", "90"));
		audiences.put("NOT tag lapsed AND state in (IL, CA, TX)",
				Group.and(Group.not(Condition.of("tags", "any", "lapsed")),
						Condition.attribute("state", "text", "in", "IL", "CA", "TX")));
		audiences.put("email contains 'son'", Condition.of("email", "contains", "son"));
		audiences.put("tags all (newsletter, sms_club) AND birthday exists",
				Group.and(Condition.of("tags", "all", "newsletter", "sms_club"),
						Condition.attribute("birthday", "date", "exists")));
		audiences.put("nested: (web OR referral) AND (vip OR loyalty) AND NOT sms opted out AND visits >= 3",
				Group.and(
						Group.or(Condition.attribute("lead_source", "text", "equals", "web"),
								Condition.attribute("lead_source", "text", "equals", "referral")),
						Group.or(Condition.of("tags", "any", "vip"), Condition.of("tags", "any", "loyalty")),
						Group.not(Condition.of("consent.sms", "equals", "opted_out")),
						Condition.attribute("visit_count", "number", "gte", "3")));
		return audiences;
	}

	private static void seed(PrintStream out, ContactGenerator generator, Actor admin, int count) {
		long start = System.nanoTime();
		ContactGenerator.GeneratedContacts generated = generator.generate(admin, count, (done) -> {
		});
		double seconds = (System.nanoTime() - start) / 1e9;
		out.printf(Locale.ROOT,
				"Generated %,d contacts (%,d consent records, %,d suppressions, %,d preferences) in %.1f s "
						+ "(%,.0f contacts/s)%n",
				generated.contacts(), generated.consentRecords(), generated.suppressions(), generated.preferences(),
				seconds, generated.contacts() / seconds);
	}

	/**
	 * VACUUM ANALYZE as the owner (the application role may not): what autovacuum does
	 * soon after a bulk load anyway, done now so the plans are the settled ones.
	 */
	private static void analyze(PrintStream out, Environment environment) throws Exception {
		long start = System.nanoTime();
		try (Connection owner = DriverManager.getConnection(environment.getRequiredProperty("spring.flyway.url"),
				environment.getRequiredProperty("spring.flyway.user"),
				environment.getRequiredProperty("spring.flyway.password"));
				Statement statement = owner.createStatement()) {
			owner.setAutoCommit(true);
			for (String table : List.of("contacts", "contact_facts", "consent_status", "consent_records",
					"suppressions", "contact_category_preferences", "contact_preferences")) {
				statement.execute("VACUUM (ANALYZE) " + table);
			}
			try (ResultSet size = statement.executeQuery("SELECT pg_size_pretty(pg_total_relation_size('contacts')), "
					+ "pg_size_pretty(pg_relation_size('contacts')), "
					+ "pg_size_pretty(pg_total_relation_size('consent_status'))")) {
				size.next();
				out.printf(Locale.ROOT,
						"VACUUM ANALYZE in %.1f s; contacts %s with indexes (heap %s), consent_status %s%n",
						(System.nanoTime() - start) / 1e9, size.getString(1), size.getString(2), size.getString(3));
			}
		}
	}

	private static Actor tenantAdmin(ConfigurableApplicationContext context, String slug) {
		Actor platform = new Actor(Actor.Type.SYSTEM, null, "bench", null, Role.SUPER_ADMIN, Set.of(), null, null);
		Tenant tenant = context.getBean(TenantService.class).create(platform, slug, "Bench " + slug);
		Actor inTenant = platform.withTenant(tenant.getId(), Role.SUPER_ADMIN, Set.of());
		StoreService stores = context.getBean(StoreService.class);
		for (String name : List.of("Downtown", "Riverside", "Airport")) {
			stores.create(inTenant, new StoreDetails(name, ZoneId.of("America/Chicago"), "1 Main Street", null,
					"Springfield", "IL", "62701", "US", "US"));
		}
		return new Actor(Actor.Type.USER, "bench", "bench@bench.example", tenant.getId(), Role.TENANT_ADMIN, Set.of(),
				"127.0.0.1", "bench");
	}

	/** A tenant-admin API key, issued as Herald itself would for a tenant admin. */
	private static String apiKey(ConfigurableApplicationContext context, Actor admin) {
		Actor system = new Actor(Actor.Type.SYSTEM, null, "bench", admin.requireTenant(), Role.TENANT_ADMIN, Set.of(),
				null, null);
		return context.getBean(ApiKeyService.class).create(system, "bench", Role.TENANT_ADMIN).key();
	}

	private static String firstStore(ConfigurableApplicationContext context, Actor admin) {
		List<Store> stores = context.getBean(StoreService.class).listAll(admin.requireTenant());
		return stores.stream()
			.filter((store) -> store.getName().equals("Downtown"))
			.findFirst()
			.orElseThrow()
			.getId()
			.value()
			.toString();
	}

	private static long time(LongSupplier work) {
		long start = System.nanoTime();
		work.getAsLong();
		return System.nanoTime() - start;
	}

	private static long pct(List<Long> nanos, int percentile) {
		long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	private static double ms(long nanos) {
		return nanos / 1e6;
	}

}
