package com.herald.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

import com.herald.channel.MessageContent;
import com.herald.channel.OutboundMessage;
import com.herald.channel.SendResult;
import com.herald.consent.Channel;
import com.herald.email.EmailProperties;
import com.herald.email.EmailRoute;
import com.herald.email.EmailSender;
import com.herald.email.sendgrid.BenchSendGrid;
import com.herald.email.sendgrid.SendGridEmailChannel;
import com.herald.template.BenchEmails;
import com.herald.template.EmailComposer;
import com.herald.template.EmailFooter;
import com.herald.template.RenderedEmail;

/**
 * The SendGrid path's throughput: each email rendered as the dispatcher renders it
 * ({@link EmailComposer}: Liquid subject and HTML, sanitized, footer with unsubscribe
 * link and postal address, plain-text part), then handed to the real
 * {@link SendGridEmailChannel} (grouping, shared body with per-personalization
 * substitutions, sendgrid-java request build, pooled HTTP), posting to a local SendGrid
 * stand-in in the same JVM that reads every request, counts its personalizations and
 * answers 202 as SendGrid does. Only the settings lookup (database) is left out.
 * <p>
 * Three variants in the same run, {@code warmups} untimed and {@code repetitions} timed
 * runs each: the <b>bare baseline</b> ({@code threads} threads posting, with the JDK's
 * HTTP client, a request body Herald built, of {@code batch} personalizations, again and
 * again: what the HTTP stack and the stand-in do without Herald), <b>Herald batched</b>
 * (up to {@code batch} personalizations per request) and <b>Herald, one request per
 * email</b> (what batching saves; {@code singleMessages} emails).
 * <p>
 * Arguments (all optional): {@code messages=100000 batch=1000 threads=2 warmups=2
 * repetitions=3 singleMessages=3000}.
 */
public final class SendGridBenchmark {

	/** The target for the SendGrid path (#5). */
	private static final double TARGET = 20_000;

	private static final String HTML = "<h1>Spring sale</h1>"
			+ "<p>Hello {{ contact.first_name }}, our spring sale starts today. Everything is 20% off until Sunday.</p>"
			+ "<p><a href=\"https://shop.example.com/sale?utm_source=herald\">Shop the sale</a></p>".repeat(8);

	private SendGridBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, Integer> options = new java.util.LinkedHashMap<>(Map.of("messages", 100_000, "batch", 1000,
				"threads", 2, "warmups", 2, "repetitions", 3, "singleMessages", 3000));
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			if (!options.containsKey(pair[0])) {
				throw new IllegalArgumentException("Unknown argument " + arg);
			}
			options.put(pair[0], Integer.parseInt(pair[1]));
		}
		int messages = options.get("messages");
		int batch = options.get("batch");
		int threads = options.get("threads");
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		out.println(Machine.describe("SendGridBenchmark"));
		out.println(options);
		StandIn standIn = new StandIn();
		try {
			String base = "http://127.0.0.1:" + standIn.server.getAddress().getPort();
			double bare = 0;
			double batched = 0;
			double single = 0;
			for (String variant : List.of("bare", "batched", "single")) {
				int size = variant.equals("single") ? 1 : batch;
				int count = variant.equals("single") ? options.get("singleMessages") : messages;
				List<Double> rates = new ArrayList<>();
				try (BenchSendGrid channel = channel(base, size)) {
					if (variant.equals("bare")) {
						// the body the bare client posts: one Herald built
						run(channel, batch, batch, 1);
					}
					String body = standIn.lastBody.get();
					for (int run = 0; run < options.get("warmups") + options.get("repetitions"); run++) {
						long before = standIn.personalizations.get();
						long requestsBefore = standIn.requests.get();
						double rate = variant.equals("bare") ? bare(base, body, batch, count, threads)
								: run(channel, count, size, threads);
						long got = standIn.personalizations.get() - before;
						if (got != count) {
							throw new IllegalStateException(
									"The stand-in got " + got + " personalizations for " + count + " emails");
						}
						if (run >= options.get("warmups")) {
							rates.add(rate);
							out.printf(Locale.ROOT, "  %s run %d: %.0f emails/s, %d requests%n", variant, run, rate,
									standIn.requests.get() - requestsBefore);
						}
					}
				}
				double median = median(rates);
				out.printf(Locale.ROOT, "%-56s median %8.0f emails/s  runs %s%n", switch (variant) {
					case "bare" -> "baseline: bare HTTP client, " + batch + " per request";
					case "batched" -> "Herald rendered + batched, " + batch + " per request";
					default -> "Herald rendered, one request per email";
				}, median, rates.stream().map((r) -> String.format(Locale.ROOT, "%.0f", r)).toList());
				switch (variant) {
					case "bare" -> bare = median;
					case "batched" -> batched = median;
					default -> single = median;
				}
			}
			out.printf(Locale.ROOT,
					"Herald batched / bare: %.2f; batched / one request per email: %.1fx; target %.0f emails/s: %s "
							+ "(%.2f of it)%n",
					batched / bare, batched / single, TARGET, (batched >= TARGET) ? "PASS" : "MISS", batched / TARGET);
		}
		finally {
			standIn.server.stop(0);
		}
	}

	private static BenchSendGrid channel(String base, int batch) {
		EmailProperties properties = new EmailProperties(
				"herald@localhost", "Herald", "unsubscribe@news.example.com", new EmailProperties.SendGrid(base, null,
						null, batch, Duration.ofSeconds(5), Duration.ofSeconds(30), 1_000_000, Duration.ofMinutes(10)),
				new EmailProperties.Sandbox(Duration.ofSeconds(2)));
		return new BenchSendGrid(properties, new EmailRoute(
				new EmailSender("Acme News", "offers@news.example.com", null), List.of("sendgrid"), "SG.bench", null));
	}

	/** Renders and sends {@code messages} emails, {@code batch} at a time per thread. */
	private static double run(BenchSendGrid channel, int messages, int batch, int threads) throws Exception {
		EmailComposer composer = BenchEmails.composer();
		// as saved (checked and sanitized once), then compiled, as the dispatcher
		// compiles it
		EmailComposer.Compiled compiled = composer
			.compile(composer.check("", "Spring sale, {{ contact.first_name }}: 20% off", "Everything 20% off", HTML));
		UUID tenant = UUID.randomUUID();
		String broadcast = UUID.randomUUID().toString();
		AtomicInteger next = new AtomicInteger();
		return timed(threads, () -> {
			int from;
			while ((from = next.getAndAdd(batch)) < messages) {
				List<OutboundMessage> chunk = new ArrayList<>(batch);
				for (int i = from; i < Math.min(messages, from + batch); i++) {
					UUID delivery = UUID.randomUUID();
					String unsubscribe = "https://herald.example/u/" + delivery;
					RenderedEmail email = composer.render(compiled,
							Map.of("contact", Map.of("first_name", "Reader" + i)),
							new EmailFooter(true, unsubscribe, "https://herald.example/p/" + delivery,
									"Acme Store, 1 Main Street, Springfield, IL 62701, US"));
					chunk.add(new OutboundMessage(tenant, null, delivery, Channel.EMAIL, "reader" + i + "@example.org",
							new MessageContent(email.text(), email.subject(), email.html()), "promotional",
							Map.of("broadcastId", broadcast, OutboundMessage.UNSUBSCRIBE_URL, unsubscribe)));
				}
				for (SendResult result : channel.sendBatch(chunk)) {
					if (result.outcome() != SendResult.Outcome.ACCEPTED) {
						throw new IllegalStateException(result.toString());
					}
				}
			}
		}, messages);
	}

	/** Posts the same body until {@code messages} personalizations went out. */
	private static double bare(String base, String body, int batch, int messages, int threads) throws Exception {
		AtomicInteger next = new AtomicInteger();
		try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v3/mail/send"))
				.header("Authorization", "Bearer SG.bench")
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			return timed(threads, () -> {
				while (next.getAndAdd(batch) < messages) {
					int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
					if (status != 202) {
						throw new IllegalStateException("The stand-in answered " + status);
					}
				}
			}, messages);
		}
	}

	private interface Work {

		void run() throws Exception;

	}

	/** Runs the work on {@code threads} threads; emails per second. */
	private static double timed(int threads, Work work, int messages) throws Exception {
		ExecutorService workers = Executors.newFixedThreadPool(threads);
		long start = System.nanoTime();
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(workers.submit(() -> {
					work.run();
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
			return messages / ((System.nanoTime() - start) / 1e9);
		}
		finally {
			workers.shutdown();
		}
	}

	private static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return (sorted.length == 0) ? 0 : sorted[sorted.length / 2];
	}

	/**
	 * SendGrid's {@code POST /v3/mail/send}: reads the whole body, counts its
	 * personalizations (one {@code herald_delivery_id} each) and answers 202.
	 */
	private static final class StandIn {

		final AtomicLong personalizations = new AtomicLong();

		final AtomicLong requests = new AtomicLong();

		final AtomicReference<String> lastBody = new AtomicReference<>();

		final HttpServer server;

		StandIn() throws Exception {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
			this.server.createContext("/v3/mail/send", (exchange) -> {
				try (InputStream body = exchange.getRequestBody()) {
					String json = new String(body.readAllBytes(), StandardCharsets.UTF_8);
					int count = 0;
					for (int at = json.indexOf(SendGridEmailChannel.DELIVERY_ARG); at >= 0; at = json
						.indexOf(SendGridEmailChannel.DELIVERY_ARG, at + 1)) {
						count++;
					}
					this.personalizations.addAndGet(count);
					this.lastBody.set(json);
					exchange.getResponseHeaders().add("X-Message-Id", "bench-" + this.requests.incrementAndGet());
				}
				exchange.sendResponseHeaders(202, -1);
				exchange.close();
			});
			// daemon threads: the benchmark exits when main ends
			this.server.setExecutor(Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().factory()));
			this.server.start();
		}

	}

}
