package com.herald.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Twilio's Messages API: answers every {@code POST …/Messages.json}
 * with 201 and the message resource Twilio returns, after a chosen latency, on a virtual
 * thread per request (so a slow answer holds no pool thread). Counts requests per
 * wall-clock second, where quotas are judged.
 */
final class TwilioStandIn implements AutoCloseable {

	private final HttpServer server;

	private final AtomicLong requests = new AtomicLong();

	private final Map<Long, AtomicLong> perSecond = new ConcurrentHashMap<>();

	private volatile Duration latency = Duration.ZERO;

	TwilioStandIn() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	void latency(Duration latency) {
		this.latency = latency;
	}

	long requests() {
		return this.requests.get();
	}

	/** Requests per wall-clock second (epoch seconds), since the last reset. */
	Map<Long, Long> perSecond() {
		Map<Long, Long> counts = new TreeMap<>();
		this.perSecond.forEach((second, count) -> counts.put(second, count.get()));
		return counts;
	}

	void reset() {
		this.requests.set(0);
		this.perSecond.clear();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			in.readAllBytes();
			long second = System.currentTimeMillis() / 1000;
			this.perSecond.computeIfAbsent(second, (key) -> new AtomicLong()).incrementAndGet();
			long n = this.requests.incrementAndGet();
			Duration wait = this.latency;
			if (!wait.isZero()) {
				Thread.sleep(wait);
			}
			String path = exchange.getRequestURI().getPath();
			String account = path.replaceAll(".*/Accounts/([^/]+)/.*", "$1");
			String sid = String.format("SM%032x", n);
			byte[] body = """
					{"sid": "%s", "account_sid": "%s", "status": "queued", "to": "+12125550100", "from": "+15005550006",
					 "body": "", "num_segments": "1", "num_media": "0", "direction": "outbound-api",
					 "api_version": "2010-04-01", "date_created": "Fri, 04 Dec 2026 05:00:00 +0000",
					 "date_updated": "Fri, 04 Dec 2026 05:00:00 +0000", "date_sent": null, "price": null,
					 "error_code": null, "error_message": null, "messaging_service_sid": null,
					 "uri": "/2010-04-01/Accounts/%s/Messages/%s.json", "subresource_uris": {}}"""
				.formatted(sid, account, account, sid)
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(201, body.length);
			try (OutputStream response = exchange.getResponseBody()) {
				response.write(body);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
