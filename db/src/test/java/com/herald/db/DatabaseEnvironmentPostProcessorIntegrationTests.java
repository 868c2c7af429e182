package com.herald.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseEnvironmentPostProcessorIntegrationTests {

	private final DatabaseEnvironmentPostProcessor processor = new DatabaseEnvironmentPostProcessor(new DeferredLogs());

	@Test
	void startsNothingWhenAnExternalDatabaseIsConfigured() {
		StandardEnvironment environment = environment(
				Map.of("spring.datasource.url", "jdbc:postgresql://db.example:5432/herald"));
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().contains("heraldDatabase")).isFalse();
		assertThat(environment.getProperty("spring.datasource.url"))
			.isEqualTo("jdbc:postgresql://db.example:5432/herald");
	}

	@Test
	void startsARealPostgresAndConnectsTheAppAsARoleThatCannotBypassRowLevelSecurity() throws Exception {
		StandardEnvironment environment = environment(Map.of("herald.db.ephemeral", "true"));
		this.processor.postProcessEnvironment(environment, new SpringApplication());

		String url = environment.getProperty("spring.datasource.url");
		assertThat(url).startsWith("jdbc:postgresql://localhost:").endsWith("/herald");
		assertThat(environment.getProperty("spring.flyway.user")).isEqualTo("herald_owner");
		try (Connection app = DriverManager.getConnection(url, environment.getProperty("spring.datasource.username"),
				environment.getProperty("spring.datasource.password"));
				Statement statement = app.createStatement();
				ResultSet row = statement.executeQuery(
						"SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")) {
			assertThat(row.next()).isTrue();
			assertThat(row.getString(1)).isEqualTo("herald_app");
			assertThat(row.getBoolean(2)).as("superuser").isFalse();
			assertThat(row.getBoolean(3)).as("bypasses RLS").isFalse();
		}
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
