package com.herald.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.jspecify.annotations.Nullable;

import com.herald.email.dkim.DkimKey;
import com.herald.email.dkim.DkimKeys;
import com.herald.email.dkim.DkimSigning;
import com.herald.email.smtp.SmtpConnections;
import com.herald.email.smtp.SmtpMessages;
import com.herald.email.smtp.SmtpProperties;
import com.herald.email.smtp.SmtpSecurity;
import com.herald.email.smtp.SmtpServer;

/**
 * The SMTP path's throughput: messages built as Herald builds them (multipart text and
 * HTML, List-Unsubscribe, correlation header), DKIM-signed (rsa-sha256, relaxed/relaxed,
 * RSA 2048) and sent through {@link SmtpConnections} to a real SMTP server in the same
 * JVM (GreenMail, on the loopback), by {@code threads} senders sharing a pool of
 * {@code connections} connections.
 * <p>
 * Four variants, each run {@code warmups} times untimed and {@code repetitions} times
 * timed, in the same run: the <b>bare Jakarta Mail baseline</b> ({@code connections}
 * threads, each with its own connected {@code Transport}, sending plain
 * {@code MimeMessage}s with the same parts and headers, unsigned: what the library and
 * the server do without Herald), <b>pooled</b> (connections reused, what Herald does),
 * <b>pooled, unsigned</b> (what DKIM costs), and <b>a new connection for every
 * message</b> (what reuse saves).
 * <p>
 * Arguments (all optional):
 * {@code messages=5000 threads=4 connections=4 warmups=2 repetitions=3}.
 */
public final class SmtpBenchmark {

	private static final String HTML = "<html><body><h1>Spring sale</h1>"
			+ "<p>Hello {{name}}, our spring sale starts today. Everything in the store is 20% off until Sunday.</p>"
			+ "<p><a href=\"https://shop.example.com/sale?utm_source=herald\">Shop the sale</a></p>".repeat(8)
			+ "<p style=\"color:#555;font-size:12px\">Acme Store, 1 Main Street, Springfield. "
			+ "<a href=\"https://herald.example/u/token\">Unsubscribe</a></p></body></html>";

	private static final String TEXT = "Hello, our spring sale starts today. Everything is 20% off until Sunday.\n"
			+ "Shop the sale: https://shop.example.com/sale\n\nUnsubscribe: https://herald.example/u/token\n";

	private SmtpBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int messages = 5000;
		int threads = 4;
		int connections = 4;
		int warmups = 2;
		int repetitions = 3;
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			int value = Integer.parseInt(pair[1]);
			switch (pair[0]) {
				case "messages" -> messages = value;
				case "threads" -> threads = value;
				case "connections" -> connections = value;
				case "warmups" -> warmups = value;
				case "repetitions" -> repetitions = value;
				default -> throw new IllegalArgumentException("Unknown argument " + arg);
			}
		}
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		out.println(Machine.describe("SmtpBenchmark"));
		out.printf(Locale.ROOT, "messages=%d threads=%d connections=%d warmups=%d repetitions=%d%n", messages, threads,
				connections, warmups, repetitions);
		GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
		greenMail.start();
		try {
			SmtpServer server = new SmtpServer("127.0.0.1", greenMail.getSmtp().getPort(), SmtpSecurity.NONE, null,
					null);
			KeyPair keys = DkimKeys.generate();
			DkimKey key = new DkimKey("news.example.com", "herald20261204", (RSAPrivateKey) keys.getPrivate());
			// Herald's message class names Jakarta Mail's stream provider when it loads
			// (see SmtpMessages): load it first so the bare baseline runs under the same
			// JVM setting
			SmtpMessages.domainOf(new InternetAddress("bench@news.example.com"));
			out.println("jakarta.mail.util.StreamProvider=" + System.getProperty("jakarta.mail.util.StreamProvider"));
			Variant bare = new Variant("baseline: bare Jakarta Mail, reused, unsigned", null, 0);
			Variant pooled = new Variant("Herald pooled, DKIM-signed", key, 1000);
			Variant unsigned = new Variant("Herald pooled, unsigned", null, 1000);
			Variant perMessage = new Variant("Herald new connection per message, DKIM-signed", key, 1);
			for (Variant variant : List.of(bare, pooled, unsigned, perMessage)) {
				List<Double> rates = new ArrayList<>();
				long opened = 0;
				for (int run = 0; run < warmups + repetitions; run++) {
					Result result = (variant == bare) ? bare(server, connections, messages)
							: run(variant, server, connections, threads, messages);
					greenMail.purgeEmailFromAllMailboxes();
					if (run >= warmups) {
						rates.add(result.perSecond());
						opened = result.connectionsOpened();
					}
				}
				variant.median = median(rates);
				out.printf(Locale.ROOT, "%-52s median %7.0f emails/s  runs %s  connections opened per run %d%n",
						variant.name, variant.median,
						rates.stream().map((r) -> String.format(Locale.ROOT, "%.0f", r)).toList(), opened);
			}
			out.printf(Locale.ROOT,
					"Herald signed / bare: %.2f; Herald unsigned / bare: %.2f; reuse / new connection per message: "
							+ "%.1fx; DKIM costs %.0f%% of unsigned throughput%n",
					pooled.median / bare.median, unsigned.median / bare.median, pooled.median / perMessage.median,
					100 * (1 - pooled.median / unsigned.median));
		}
		finally {
			greenMail.stop();
		}
	}

	private static Result run(Variant variant, SmtpServer server, int connections, int threads, int messages)
			throws Exception {
		SmtpConnections pool = new SmtpConnections(
				new SmtpProperties(connections, variant.messagesPerConnection, Duration.ofMinutes(1),
						Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 1000),
				"bench.herald.example");
		ExecutorService senders = Executors.newFixedThreadPool(threads);
		AtomicInteger next = new AtomicInteger();
		long start = System.nanoTime();
		try {
			List<Future<Integer>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(senders.submit(() -> {
					int sent = 0;
					int i;
					while ((i = next.getAndIncrement()) < messages) {
						send(pool, server, variant.key, i);
						sent++;
					}
					return sent;
				}));
			}
			int sent = 0;
			for (Future<Integer> future : done) {
				sent += future.get();
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			return new Result(sent / seconds, pool.connectionsOpened());
		}
		finally {
			senders.shutdown();
			pool.close();
		}
	}

	/** Plain Jakarta Mail: one connected transport per thread, no pool, no signing. */
	private static Result bare(SmtpServer server, int connections, int messages) throws Exception {
		Properties props = new Properties();
		props.put("mail.smtp.localhost", "bench.herald.example");
		Session session = Session.getInstance(props);
		ExecutorService senders = Executors.newFixedThreadPool(connections);
		AtomicInteger next = new AtomicInteger();
		long start = System.nanoTime();
		try {
			List<Future<Integer>> done = new ArrayList<>();
			for (int t = 0; t < connections; t++) {
				done.add(senders.submit(() -> {
					int sent = 0;
					try (Transport transport = session.getTransport("smtp")) {
						transport.connect(server.host(), server.port(), null, null);
						int i;
						while ((i = next.getAndIncrement()) < messages) {
							MimeMessage message = plain(session, i);
							transport.sendMessage(message, message.getAllRecipients());
							sent++;
						}
					}
					return sent;
				}));
			}
			int sent = 0;
			for (Future<Integer> future : done) {
				sent += future.get();
			}
			return new Result(sent / ((System.nanoTime() - start) / 1e9), connections);
		}
		finally {
			senders.shutdown();
		}
	}

	private static MimeMessage plain(Session session, int i) throws Exception {
		UUID delivery = UUID.randomUUID();
		MimeMessage message = new MimeMessage(session);
		message.setFrom(new InternetAddress("offers@news.example.com", "Acme News", "UTF-8"));
		message.setReplyTo(new Address[] { new InternetAddress("help@news.example.com") });
		message.setRecipient(Message.RecipientType.TO, new InternetAddress("reader" + (i % 100) + "@example.org"));
		message.setSubject("Spring sale: 20% off everything", "UTF-8");
		message.setSentDate(new Date());
		MimeBodyPart text = new MimeBodyPart();
		text.setText(TEXT, "UTF-8", "plain");
		MimeBodyPart html = new MimeBodyPart();
		html.setText(HTML, "UTF-8", "html");
		message.setContent(new MimeMultipart("alternative", text, html));
		message.setHeader("List-Unsubscribe",
				"<https://herald.example/u/" + delivery + ">, <mailto:unsubscribe@news.example.com>");
		message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
		message.setHeader(SmtpMessages.DELIVERY_HEADER, delivery.toString());
		message.saveChanges();
		return message;
	}

	private static void send(SmtpConnections pool, SmtpServer server, @Nullable DkimKey key, int i) throws Exception {
		String to = "reader" + (i % 100) + "@example.org";
		UUID delivery = UUID.randomUUID();
		MimeMessage message = SmtpMessages.compose(new SmtpMessages.Draft(delivery, "offers@news.example.com",
				"Acme News", "help@news.example.com", to, "Spring sale: 20% off everything", TEXT, HTML,
				Map.of("List-Unsubscribe",
						"<https://herald.example/u/" + delivery + ">, <mailto:unsubscribe@news.example.com>",
						"List-Unsubscribe-Post", "List-Unsubscribe=One-Click")));
		if (key != null) {
			message = DkimSigning.sign(message, key);
		}
		pool.send(server, message, new Address[] { new InternetAddress(to) });
	}

	private static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return (sorted.length == 0) ? 0 : sorted[sorted.length / 2];
	}

	private static final class Variant {

		final String name;

		final @Nullable DkimKey key;

		final int messagesPerConnection;

		double median;

		Variant(String name, @Nullable DkimKey key, int messagesPerConnection) {
			this.name = name;
			this.key = key;
			this.messagesPerConnection = messagesPerConnection;
		}

	}

	private record Result(double perSecond, long connectionsOpened) {
	}

}
