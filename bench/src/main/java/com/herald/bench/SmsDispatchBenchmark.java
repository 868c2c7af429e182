package com.herald.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicNameValuePair;

import org.springframework.context.ConfigurableApplicationContext;

import com.herald.dispatch.BenchThrottle;
import com.herald.tenancy.Actor;

/**
 * SMS dispatch through the real Twilio SDK ({@code TwilioChannel}, its pooled client) to
 * a local stand-in of Twilio's Messages API, driven by Herald's {@code Dispatcher}, each
 * figure against a baseline from the same run (interleaved rounds, median judged):
 * <ol>
 * <li>stand-in answering at once: Herald's send rate ÷ a bare pooled HTTP client (Apache
 * HttpClient 5, the same pool size, the same form POST) against the same stand-in;</li>
 * <li>stand-in answering after 50 ms: Herald's send rate ÷ the in-flight bound
 * (concurrency ÷ 0.05 s);</li>
 * <li>quotas: with 225 msg/s set for the tenant, the most requests the stand-in saw in
 * one wall-clock second ÷ 225; and with a limit far above capacity, the send rate with
 * the limiter ÷ without it (the same dispatcher, tokens granted without asking
 * PostgreSQL).</li>
 * </ol>
 * Arguments (all optional): {@code sends=20000 rounds=3 concurrency=100 workers=2
 * batch=500 quota=225 quotaSeconds=15 parts=all}; {@code parts=quota} runs the quota part
 * only.
 */
public final class SmsDispatchBenchmark {

	private static final String ACCOUNT = "AC" + "b".repeat(32);

	private static final String TOKEN = "c".repeat(32);

	private SmsDispatchBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> arguments = Bench.arguments(args, "sends", "20000", "rounds", "3", "concurrency", "100",
				"workers", "2", "batch", "500", "quota", "225", "quotaSeconds", "15", "parts", "all");
		int sends = Integer.parseInt(arguments.get("sends"));
		int rounds = Integer.parseInt(arguments.get("rounds"));
		int concurrency = Integer.parseInt(arguments.get("concurrency"));
		int workers = Integer.parseInt(arguments.get("workers"));
		int quota = Integer.parseInt(arguments.get("quota"));
		int quotaSeconds = Integer.parseInt(arguments.get("quotaSeconds"));
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		out.println(Machine.describe("SMS dispatch benchmark " + arguments));
		Verdicts verdicts = new Verdicts();
		try (TwilioStandIn standIn = new TwilioStandIn();
				ConfigurableApplicationContext context = Bench.start("herald.dispatch.enabled=false",
						"herald.dispatch.batch-size=" + arguments.get("batch"),
						"herald.dispatch.concurrency=" + concurrency, "herald.dispatch.quota.per-second=1000000000",
						"herald.sms.twilio.base-url=" + standIn.baseUrl(), "herald.sms.twilio.account-sid=" + ACCOUNT,
						"herald.sms.twilio.auth-token=" + TOKEN, "herald.sms.twilio.from=+15005550006",
						"herald.sms.twilio.pool-size=" + concurrency,
						"herald.sms.twilio.messages-per-second=1000000000",
						"herald.sms.twilio.webhook-base-url=https://herald.example")) {
			BroadcastEngineBenchmark.Engine engine = new BroadcastEngineBenchmark.Engine(context);
			Actor admin = Bench.tenantAdmin(context, "bench-sms");
			engine.seed(out, admin, Math.max(sends, quota * quotaSeconds));
			if (arguments.get("parts").equals("quota")) {
				herald(engine, admin, standIn, Math.min(sends, 5000), workers);
				quotas(out, engine, admin, standIn, context, quota, quotaSeconds, sends, rounds, workers, verdicts);
				verdicts.print(out);
				return;
			}
			try (CloseableHttpClient bare = bareClient(concurrency)) {
				// warm-up, one full unmeasured round of each: the SDK, the JIT, the pools
				// (with a shorter one the first measured rounds were still rising)
				herald(engine, admin, standIn, sends, workers);
				bare(bare, standIn, sends, concurrency);

				out.printf(Locale.ROOT, "%nStand-in answering at once: %,d messages per round%n", sends);
				out.println("| round | Herald via Twilio SDK (msg/s) | bare HttpClient 5 (msg/s) | ratio |");
				out.println("|---:|---:|---:|---:|");
				List<Double> ratios = new ArrayList<>();
				for (int round = 1; round <= rounds; round++) {
					double herald;
					double raw;
					if (round % 2 == 1) {
						herald = herald(engine, admin, standIn, sends, workers);
						raw = bare(bare, standIn, sends, concurrency);
					}
					else {
						raw = bare(bare, standIn, sends, concurrency);
						herald = herald(engine, admin, standIn, sends, workers);
					}
					ratios.add(herald / raw);
					out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f |%n", round, herald, raw, herald / raw);
				}
				verdicts.atLeast("Twilio SDK dispatch ÷ bare pooled client (instant stand-in)", Bench.median(ratios),
						0.45, "pool " + concurrency + " both");

				standIn.latency(Duration.ofMillis(50));
				double bound = concurrency / 0.05;
				out.printf(Locale.ROOT,
						"%nStand-in answering after 50 ms: bound = %d in flight ÷ 0.05 s = %,.0f msg/s%n", concurrency,
						bound);
				out.println("| round | Herald (msg/s) | ÷ bound | bare client (msg/s) | ÷ bound |");
				out.println("|---:|---:|---:|---:|---:|");
				List<Double> slow = new ArrayList<>();
				for (int round = 1; round <= rounds; round++) {
					double herald = herald(engine, admin, standIn, sends, workers);
					double raw = bare(bare, standIn, sends, concurrency);
					slow.add(herald / bound);
					out.printf(Locale.ROOT, "| %d | %,.0f | %.2f | %,.0f | %.2f |%n", round, herald, herald / bound,
							raw, raw / bound);
				}
				verdicts.atLeast("Twilio SDK dispatch, 50 ms stand-in ÷ in-flight bound", Bench.median(slow), 0.75,
						concurrency + " in flight (herald.dispatch.concurrency, herald.sms.twilio.pool-size)");
				standIn.latency(Duration.ZERO);
			}
			quotas(out, engine, admin, standIn, context, quota, quotaSeconds, sends, rounds, workers, verdicts);
		}
		verdicts.print(out);
	}

	private static void quotas(PrintStream out, BroadcastEngineBenchmark.Engine engine, Actor admin,
			TwilioStandIn standIn, ConfigurableApplicationContext context, int quota, int seconds, int sends,
			int rounds, int workers, Verdicts verdicts) throws Exception {
		setQuota(context, admin, quota);
		int count = quota * seconds;
		List<Double> busiest = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			double rate = herald(engine, admin, standIn, count, workers);
			Map<Long, Long> windows = standIn.perSecond();
			long most = windows.values().stream().mapToLong(Long::longValue).max().orElse(0);
			StringBuilder series = new StringBuilder();
			windows.forEach((second, n) -> series.append(series.isEmpty() ? "" : " ").append(n));
			out.printf(Locale.ROOT,
					"%nQuota %d msg/s, round %d, %,d messages: %,.0f msg/s overall; busiest second %d; "
							+ "requests per wall-clock second at the stand-in: %s%n",
					quota, round, count, rate, most, series);
			busiest.add((double) most);
		}
		double most = Bench.median(busiest);
		verdicts.atMost("Quota " + quota + "/s: busiest second ÷ limit (median of rounds)", most / quota, 1.05,
				String.format(Locale.ROOT, "%.0f in the busiest second, median of %d rounds", most, rounds));

		setQuota(context, admin, 1_000_000);
		out.printf(Locale.ROOT, "%nLimiter cost, quota 1,000,000 msg/s (above capacity), %,d messages per round%n",
				sends);
		out.println("| round | with the limiter (msg/s) | tokens granted without PostgreSQL (msg/s) | ratio |");
		out.println("|---:|---:|---:|---:|");
		List<Double> ratios = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			double limited;
			double free;
			if (round % 2 == 1) {
				limited = herald(engine, admin, standIn, sends, workers);
				free = unlimited(engine, admin, standIn, sends, workers);
			}
			else {
				free = unlimited(engine, admin, standIn, sends, workers);
				limited = herald(engine, admin, standIn, sends, workers);
			}
			ratios.add(limited / free);
			out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f |%n", round, limited, free, limited / free);
		}
		double cost = 1 - Bench.median(ratios);
		verdicts.atMost("Limiter cost above capacity (1 − with ÷ without)", cost, 0.10,
				String.format(Locale.ROOT, "with ÷ without = %.2f", Bench.median(ratios)));
	}

	private static double unlimited(BroadcastEngineBenchmark.Engine engine, Actor admin, TwilioStandIn standIn,
			int count, int workers) throws Exception {
		BenchThrottle.bypass(true);
		try {
			return herald(engine, admin, standIn, count, workers);
		}
		finally {
			BenchThrottle.bypass(false);
		}
	}

	/**
	 * The tenant's SMS quota, as the settings page saves it; then the throttle's cache
	 * expires.
	 */
	private static void setQuota(ConfigurableApplicationContext context, Actor admin, int perSecond) throws Exception {
		try (Connection owner = Bench.owner(context.getEnvironment());
				PreparedStatement upsert = owner.prepareStatement(
						"""
								INSERT INTO channel_quotas (tenant_id, channel, per_second) VALUES (?, 'sms', ?)
								ON CONFLICT (tenant_id, channel) DO UPDATE SET per_second = EXCLUDED.per_second, updated_at = now()""")) {
			upsert.setObject(1, admin.requireTenant().value());
			upsert.setInt(2, perSecond);
			upsert.executeUpdate();
		}
		Thread.sleep(6_000);
	}

	/**
	 * The deliveries of a broadcast Herald launched to about {@code count} contacts, as
	 * users launch one, sent by Herald's dispatcher: launch filtering leaves out whom the
	 * send-time check would skip, so every delivery must be sent, and the stand-in must
	 * have got exactly one request per delivery.
	 */
	private static double herald(BroadcastEngineBenchmark.Engine engine, Actor admin, TwilioStandIn standIn, int count,
			int workers) throws Exception {
		standIn.reset();
		double rate = engine.dispatchLaunched(admin, count, workers);
		if (standIn.requests() != engine.lastSent()) {
			throw new IllegalStateException(
					"The stand-in got " + standIn.requests() + " requests for " + engine.lastSent() + " sent");
		}
		return rate;
	}

	private static CloseableHttpClient bareClient(int poolSize) {
		PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnTotal(poolSize)
			.setMaxConnPerRoute(poolSize)
			.build();
		return HttpClients.custom().setConnectionManager(pool).disableAutomaticRetries().build();
	}

	/** The same POST as the SDK's, from {@code concurrency} threads over one pool. */
	private static double bare(CloseableHttpClient client, TwilioStandIn standIn, int count, int concurrency)
			throws Exception {
		standIn.reset();
		AtomicInteger left = new AtomicInteger(count);
		String url = standIn.baseUrl() + "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";
		String auth = "Basic "
				+ Base64.getEncoder().encodeToString((ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
		double seconds = BroadcastEngineBenchmark.onThreads(concurrency, (name) -> {
			int n;
			while ((n = left.getAndDecrement()) > 0) {
				HttpPost post = new HttpPost(url);
				post.setHeader("Authorization", auth);
				post.setHeader("Accept", "application/json");
				post.setEntity(new UrlEncodedFormEntity(List.of(new BasicNameValuePair("To", "+1212555" + (n % 10000)),
						new BasicNameValuePair("From", "+15005550006"),
						new BasicNameValuePair("Body", "Hi Ava, 20% off at Downtown this week. Reply STOP to opt out"),
						new BasicNameValuePair("StatusCallback", "https://herald.example/webhooks/twilio/status"))));
				int status = client.execute(post, (response) -> {
					EntityUtils.consume(response.getEntity());
					return response.getCode();
				});
				if (status != 201) {
					throw new IllegalStateException("The stand-in answered " + status);
				}
			}
		});
		return count / seconds;
	}

}
