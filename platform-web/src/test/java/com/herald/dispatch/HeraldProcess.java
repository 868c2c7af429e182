package com.herald.dispatch;

import java.io.File;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Herald as a separate operating-system process, started from this JVM's own classpath
 * (without test classes, which would add test beans to the application) with
 * {@code --key=value} settings, so a test can kill it the hard way.
 */
final class HeraldProcess {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final Process process;

	private final int port;

	private final Path log;

	private HeraldProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/** Starts Herald and waits until it reports ready. */
	static HeraldProcess start(int port, Map<String, String> settings, Path log) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
				"--enable-native-access=ALL-UNNAMED", "-cp", applicationClasspath(), "com.herald.HeraldApplication",
				"--server.port=" + port));
		settings.forEach((key, value) -> command.add("--" + key + "=" + value));
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		HeraldProcess herald = new HeraldProcess(process, port, log);
		herald.awaitReady(Duration.ofSeconds(120));
		return herald;
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	int port() {
		return this.port;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** kill -9: no shutdown hook, no graceful stop, nothing recorded on the way out. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/** A graceful stop (SIGTERM), for the end of a test. */
	void stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	private void awaitReady(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest ready = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Herald exited with " + this.process.exitValue() + "; see " + this.log);
			}
			try {
				if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			sleep(250);
		}
		this.process.destroyForcibly();
		throw new IllegalStateException("Herald was not ready within " + timeout + "; see " + this.log);
	}

	/**
	 * The test JVM's classpath minus test classes and test jars: what the packaged
	 * application holds.
	 */
	private static String applicationClasspath() {
		String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
		List<String> kept = Arrays.stream(entries)
			.filter((entry) -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/")
					&& !entry.endsWith("-tests.jar"))
			.toList();
		if (kept.stream().noneMatch((entry) -> entry.contains("platform-web"))) {
			throw new IllegalStateException("The application's classes are not on the classpath: " + kept);
		}
		return String.join(File.pathSeparator, kept);
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
