package com.herald.dispatch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Twilio's Messages API (2010-04-01), in the test JVM so it outlives
 * the Herald processes under test: creates messages (counting every create request per
 * {@code To}, answering after a delay so a kill lands while requests are in flight),
 * lists them filtered by {@code To} and fetches one by SID, as the Twilio SDK calls it. A
 * message exists from the moment its create request arrives, as at Twilio: a sender that
 * dies before reading the answer has still sent it.
 */
final class TwilioMessagesStandIn implements AutoCloseable {

	private static final Pattern MESSAGES = Pattern.compile("^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages\\.json$");

	private static final Pattern MESSAGE = Pattern
		.compile("^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages/(SM[0-9a-f]{32})\\.json$");

	record Message(String sid, String to, String from, String body, java.time.Instant arrivedAt) {
	}

	private final HttpServer server;

	private final String accountSid;

	private final String authorization;

	private final Duration delay;

	private final Map<String, AtomicInteger> createsByTo = new ConcurrentHashMap<>();

	private final List<Message> messages = new CopyOnWriteArrayList<>();

	private final AtomicInteger creates = new AtomicInteger();

	private final AtomicInteger lookups = new AtomicInteger();

	private volatile CountDownLatch reached = new CountDownLatch(0);

	private volatile int reachedAt = Integer.MAX_VALUE;

	TwilioMessagesStandIn(String accountSid, String authToken, Duration delay) throws IOException {
		this.accountSid = accountSid;
		this.authorization = "Basic "
				+ Base64.getEncoder().encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
		this.delay = delay;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Create requests so far, per recipient. */
	Map<String, Integer> createsByTo() {
		Map<String, Integer> copy = new LinkedHashMap<>();
		this.createsByTo.forEach((to, count) -> copy.put(to, count.get()));
		return copy;
	}

	int creates() {
		return this.creates.get();
	}

	/** List and fetch requests: the engine asking what became of a send. */
	int lookups() {
		return this.lookups.get();
	}

	/** The messages created for a recipient, with when each request arrived. */
	List<String> createdFor(String to) {
		return this.messages.stream().filter((m) -> m.to().equals(to)).map(Message::toString).toList();
	}

	/** A latch released when the {@code count}th create request arrives. */
	CountDownLatch whenCreates(int count) {
		this.reachedAt = count;
		this.reached = new CountDownLatch(1);
		return this.reached;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!this.authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				answer(exchange, 401, "{\"code\": 20003, \"message\": \"Authenticate\", \"status\": 401}");
				return;
			}
			String path = exchange.getRequestURI().getPath();
			Matcher list = MESSAGES.matcher(path);
			Matcher one = MESSAGE.matcher(path);
			if (list.matches() && "POST".equals(exchange.getRequestMethod())) {
				create(exchange);
			}
			else if (list.matches() && "GET".equals(exchange.getRequestMethod())) {
				list(exchange);
			}
			else if (one.matches() && "GET".equals(exchange.getRequestMethod())) {
				fetch(exchange, one.group(2));
			}
			else {
				answer(exchange, 404, "{\"code\": 20404, \"message\": \"Not found\", \"status\": 404}");
			}
		}
	}

	private void create(HttpExchange exchange) throws IOException {
		Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		String to = form.get("To");
		String sid = "SM" + HexFormat.of().formatHex(uuidBytes());
		Message message = new Message(sid, to, form.getOrDefault("From", ""), form.getOrDefault("Body", ""),
				java.time.Instant.now());
		this.messages.add(message);
		this.createsByTo.computeIfAbsent(to, (key) -> new AtomicInteger()).incrementAndGet();
		if (this.creates.incrementAndGet() == this.reachedAt) {
			this.reached.countDown();
		}
		try {
			Thread.sleep(this.delay);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		answer(exchange, 201, json(message));
	}

	private void list(HttpExchange exchange) throws IOException {
		this.lookups.incrementAndGet();
		Map<String, String> query = form(
				(exchange.getRequestURI().getRawQuery() != null) ? exchange.getRequestURI().getRawQuery() : "");
		String to = query.get("To");
		List<String> found = new ArrayList<>();
		for (int i = this.messages.size() - 1; i >= 0; i--) {
			Message message = this.messages.get(i);
			if (to == null || to.equals(message.to())) {
				found.add(json(message));
			}
		}
		String uri = "/2010-04-01/Accounts/" + this.accountSid + "/Messages.json";
		answer(exchange, 200, """
				{"messages": [%s], "uri": "%s?PageSize=50&Page=0", "first_page_uri": "%s?PageSize=50&Page=0",
				 "next_page_uri": null, "previous_page_uri": null, "page": 0, "page_size": 50, "start": 0,
				 "end": %d}""".formatted(String.join(",", found), uri, uri, Math.max(0, found.size() - 1)));
	}

	private void fetch(HttpExchange exchange, String sid) throws IOException {
		this.lookups.incrementAndGet();
		for (Message message : this.messages) {
			if (message.sid().equals(sid)) {
				answer(exchange, 200, json(message));
				return;
			}
		}
		answer(exchange, 404, "{\"code\": 20404, \"message\": \"Not found\", \"status\": 404}");
	}

	private String json(Message message) {
		return """
				{"sid": "%s", "account_sid": "%s", "status": "queued", "to": "%s", "from": "%s", "body": "%s",
				 "num_segments": "1", "num_media": "0", "direction": "outbound-api", "api_version": "2010-04-01",
				 "date_created": "Fri, 04 Dec 2026 05:00:00 +0000", "date_updated": "Fri, 04 Dec 2026 05:00:00 +0000",
				 "date_sent": null, "price": null, "error_code": null, "error_message": null,
				 "messaging_service_sid": null, "uri": "/2010-04-01/Accounts/%s/Messages/%s.json",
				 "subresource_uris": {}}""".formatted(message.sid(), this.accountSid, message.to(), message.from(),
				escape(message.body()), this.accountSid, message.sid());
	}

	private static String escape(String text) {
		return text.replace("\\", "\\\\").replace("\"", "\\\"");
	}

	private static byte[] uuidBytes() {
		UUID uuid = UUID.randomUUID();
		return java.nio.ByteBuffer.allocate(16)
			.putLong(uuid.getMostSignificantBits())
			.putLong(uuid.getLeastSignificantBits())
			.array();
	}

	private static Map<String, String> form(String encoded) {
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : encoded.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	private static void answer(HttpExchange exchange, int status, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
