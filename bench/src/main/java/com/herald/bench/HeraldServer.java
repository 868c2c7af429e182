package com.herald.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged Herald application ({@code platform-web}'s executable jar) in its own JVM,
 * on a free port, pointed at the benchmark's database: what a benchmark calls over real
 * HTTP. The bench module does not depend on platform-web (the module graph keeps the web
 * out of it), so the application runs as it does in production, as a separate process.
 */
final class HeraldServer implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofMinutes(5);

	private final Process process;

	private final URI base;

	private final Path log;

	private HeraldServer(Process process, URI base, Path log) {
		this.process = process;
		this.base = base;
		this.log = log;
	}

	/**
	 * Starts the jar and waits until it answers {@code GET /login}.
	 * @param properties Spring properties for the application (database, …)
	 */
	static HeraldServer start(Path jar, String heap, Map<String, String> properties) throws Exception {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalArgumentException("No Herald jar at " + jar.toAbsolutePath()
					+ "; build it with ./mvnw -q -B -pl platform-web,bench -am package -DskipTests");
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path data = Files.createTempDirectory("herald-bench-app");
		Path log = data.resolve("herald.log");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, "-jar",
						jar.toAbsolutePath().toString(), "--server.port=" + port, "--herald.data-dir=" + data,
						"--herald.demo=false", "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
		properties.forEach((key, value) -> command.add("--" + key + "=" + value));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		HeraldServer server = new HeraldServer(process, URI.create("http://127.0.0.1:" + port), log);
		server.awaitReady();
		return server;
	}

	URI base() {
		return this.base;
	}

	private void awaitReady() throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Herald exited while starting; see " + this.log);
			}
			try {
				HttpResponse<Void> response = client.send(
						HttpRequest.newBuilder(this.base.resolve("/login")).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		close();
		throw new IllegalStateException("Herald did not start within " + STARTUP + "; see " + this.log);
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
