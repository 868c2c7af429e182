package com.herald.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Starts the PostgreSQL Herald runs on when no external server is configured, once per
 * JVM and data directory, so every Spring context in a test run shares one server.
 */
public final class DatabaseLauncher {

	/**
	 * Prefix of system properties passed to a throw-away embedded server as settings
	 * ({@code -Dherald.db.server.track_io_timing=on}).
	 */
	static final String SERVER_SETTING = "herald.db.server.";

	private static final Map<String, DatabaseServer> RUNNING = new ConcurrentHashMap<>();

	private DatabaseLauncher() {
	}

	/**
	 * Starts (or returns the already started) server.
	 * @param mode {@link DatabaseMode#EMBEDDED}, {@link DatabaseMode#TESTCONTAINERS} or
	 * {@link DatabaseMode#AUTO}
	 * @param dataDirectory where an embedded server keeps its data between runs;
	 * {@code null} for a throw-away server in a temporary directory (tests)
	 * @param port TCP port for an embedded server, 0 for any free one
	 */
	public static DatabaseServer start(DatabaseMode mode, Path dataDirectory, int port) {
		DatabaseMode resolved = (mode == DatabaseMode.AUTO)
				? (dockerAvailable() ? DatabaseMode.TESTCONTAINERS : DatabaseMode.EMBEDDED) : mode;
		String key = resolved + ":" + dataDirectory;
		return RUNNING.computeIfAbsent(key, (k) -> switch (resolved) {
			case EMBEDDED -> startEmbedded(dataDirectory, port);
			case TESTCONTAINERS -> TestcontainersServer.start();
			default -> throw new IllegalArgumentException("Nothing to start for herald.db.mode=" + mode);
		});
	}

	private static DatabaseServer startEmbedded(Path dataDirectory, int port) {
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setPGStartupWait(Duration.ofSeconds(60))
				.setServerConfig("max_connections", "200")
				.setServerConfig("timezone", "UTC");
			if (port > 0) {
				builder.setPort(port);
			}
			String description;
			if (dataDirectory == null) {
				// Throw-away test server: durability buys nothing, speed does.
				builder.setServerConfig("fsync", "off")
					.setServerConfig("synchronous_commit", "off")
					.setServerConfig("full_page_writes", "off");
				// benchmarks' profiling, e.g.
				// -Dherald.db.server.shared_preload_libraries=pg_stat_statements
				System.getProperties()
					.stringPropertyNames()
					.stream()
					.filter((name) -> name.startsWith(SERVER_SETTING))
					.forEach((name) -> builder.setServerConfig(name.substring(SERVER_SETTING.length()),
							System.getProperty(name)));
				description = "embedded PostgreSQL (temporary data)";
			}
			else {
				Files.createDirectories(dataDirectory);
				stopOrphanedServer(dataDirectory);
				builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
				description = "embedded PostgreSQL (data in " + dataDirectory.toAbsolutePath() + ")";
			}
			EmbeddedPostgres postgres = builder.start();
			String ownerPassword = secret(dataDirectory, "owner");
			String appPassword = secret(dataDirectory, "app");
			ServerRoles.ensure(postgres.getPostgresDatabase(), ownerPassword, appPassword);
			String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + ServerRoles.DATABASE;
			return new DatabaseServer(url, ServerRoles.OWNER, ownerPassword, ServerRoles.APP, appPassword,
					description + " on port " + postgres.getPort());
		}
		catch (IOException | SQLException ex) {
			throw new IllegalStateException("Could not start the embedded PostgreSQL: " + ex.getMessage(), ex);
		}
	}

	/**
	 * A server left running by a JVM that was killed (kill -9 skips shutdown hooks) still
	 * holds the data directory; stop it so this start can take over. Only a process that
	 * is really a postgres gets a signal.
	 */
	private static void stopOrphanedServer(Path dataDirectory) throws IOException {
		Path pidFile = dataDirectory.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		String firstLine = Files.readAllLines(pidFile, StandardCharsets.US_ASCII).stream().findFirst().orElse("");
		long pid;
		try {
			pid = Long.parseLong(firstLine.trim());
		}
		catch (NumberFormatException ex) {
			return;
		}
		Optional<ProcessHandle> process = ProcessHandle.of(pid)
			.filter((handle) -> handle.info().command().map((c) -> c.endsWith("postgres")).orElse(false));
		process.ifPresent((handle) -> {
			handle.destroy();
			try {
				handle.onExit().get(30, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				handle.destroyForcibly();
			}
		});
	}

	/**
	 * Passwords for the embedded server's roles: generated once and kept beside the data
	 * (the embedded server only listens on localhost), or fresh for a throw-away server.
	 */
	private static String secret(Path dataDirectory, String name) throws IOException {
		if (dataDirectory == null) {
			return Secrets.random();
		}
		Path file = dataDirectory.resolveSibling(dataDirectory.getFileName() + "-" + name + ".secret");
		if (Files.exists(file)) {
			return Files.readString(file).trim();
		}
		String secret = Secrets.random();
		Files.writeString(file, secret);
		file.toFile().setReadable(false, false);
		file.toFile().setReadable(true, true);
		return secret;
	}

	private static boolean dockerAvailable() {
		try {
			Class.forName("org.testcontainers.DockerClientFactory");
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
		return TestcontainersServer.dockerAvailable();
	}

	static DataSource dataSource(String url, String user, String password) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(url);
		dataSource.setUser(user);
		dataSource.setPassword(password);
		return dataSource;
	}

}
