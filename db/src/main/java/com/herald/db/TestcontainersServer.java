package com.herald.db;

import java.sql.SQLException;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Testcontainers path: only loaded when {@code herald.db.mode} asks for it (or
 * {@code auto} finds a Docker engine), so the optional dependency is never needed
 * otherwise.
 */
final class TestcontainersServer {

	private TestcontainersServer() {
	}

	static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper
									// removes it
	static DatabaseServer start() {
		PostgreSQLContainer container = new PostgreSQLContainer("postgres:18").withDatabaseName("postgres")
			.withUsername("postgres")
			.withPassword(Secrets.random());
		container.start();
		String ownerPassword = Secrets.random();
		String appPassword = Secrets.random();
		try {
			ServerRoles.ensure(DatabaseLauncher.dataSource(container.getJdbcUrl(), "postgres", container.getPassword()),
					ownerPassword, appPassword);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not prepare the PostgreSQL container: " + ex.getMessage(), ex);
		}
		String url = "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/"
				+ ServerRoles.DATABASE;
		return new DatabaseServer(url, ServerRoles.OWNER, ownerPassword, ServerRoles.APP, appPassword,
				"PostgreSQL container " + container.getDockerImageName());
	}

}
