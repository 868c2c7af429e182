package com.herald.db;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points Spring at a PostgreSQL Herald starts itself, before any bean exists, unless
 * {@code spring.datasource.url} names an external server. The application connects as the
 * row-level-security subject role; Flyway migrates as the owner.
 * <p>
 * Properties: {@code herald.db.mode} (embedded, testcontainers, auto, external),
 * {@code herald.data-dir} (embedded data lives in its {@code postgres} folder),
 * {@code herald.db.port}, {@code herald.db.ephemeral} (a throw-away server for tests).
 */
public class DatabaseEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private final Log log;

	public DatabaseEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.log = logFactory.getLog(DatabaseEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		DatabaseMode mode = DatabaseMode
			.valueOf(environment.getProperty("herald.db.mode", "embedded").toUpperCase(Locale.ROOT));
		if (mode == DatabaseMode.EXTERNAL || environment.containsProperty("spring.datasource.url")) {
			return;
		}
		boolean ephemeral = environment.getProperty("herald.db.ephemeral", Boolean.class, false);
		Path dataDirectory = ephemeral ? null
				: Path.of(environment.getProperty("herald.data-dir", "herald-data")).resolve("postgres");
		int port = environment.getProperty("herald.db.port", Integer.class, 0);
		DatabaseServer server = DatabaseLauncher.start(mode, dataDirectory, port);
		this.log.info("Herald database: " + server.description());

		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.datasource.url", server.jdbcUrl());
		properties.put("spring.datasource.username", server.appUser());
		properties.put("spring.datasource.password", server.appPassword());
		properties.put("spring.flyway.url", server.jdbcUrl());
		properties.put("spring.flyway.user", server.ownerUser());
		properties.put("spring.flyway.password", server.ownerPassword());
		properties.put("spring.flyway.placeholders.app_role", server.appUser());
		environment.getPropertySources().addFirst(new MapPropertySource("heraldDatabase", properties));
	}

	@Override
	public int getOrder() {
		// after config data, so application.yml, profiles and HERALD_* variables are
		// visible
		return Ordered.LOWEST_PRECEDENCE;
	}

}
