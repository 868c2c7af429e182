package com.herald.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import com.herald.tenancy.Actor;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreDetails;
import com.herald.tenancy.StoreService;
import com.herald.tenancy.Tenant;
import com.herald.tenancy.TenantService;

/**
 * What the engine and SMS benchmarks share: arguments, the Spring context on a throw-away
 * embedded PostgreSQL, a tenant with a store, the owner's connection, medians.
 */
final class Bench {

	private Bench() {
	}

	/** {@code key=value} arguments over defaults; an unknown key is an error. */
	static Map<String, String> arguments(String[] args, String... defaults) {
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < defaults.length; i += 2) {
			values.put(defaults[i], defaults[i + 1]);
		}
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			if (pair.length != 2 || !values.containsKey(pair[0])) {
				throw new IllegalArgumentException("Unknown argument " + arg + "; known: " + values.keySet());
			}
			values.put(pair[0], pair[1]);
		}
		return values;
	}

	/**
	 * platform-core's services and the channel modules, no web, on a throw-away embedded
	 * PostgreSQL (migrated; the application connects as {@code herald_app} under
	 * row-level security), with the given extra properties.
	 */
	static ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of("herald.db.mode=embedded", "herald.db.ephemeral=true",
				"spring.jpa.open-in-view=false", "spring.jpa.hibernate.ddl-auto=validate",
				"spring.main.banner-mode=off", "logging.level.root=WARN",
				// launches are run by the benchmark, on its thread, not by the scheduler
				"db-scheduler.enabled=false", "logging.level.com.herald.broadcast.BroadcastLauncher=INFO"));
		all.addAll(Arrays.asList(properties));
		return new SpringApplicationBuilder(BenchApplication.class).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	/** A new tenant with one store (Chicago), and its admin. */
	static Actor tenantAdmin(ConfigurableApplicationContext context, String slug) {
		Actor platform = new Actor(Actor.Type.SYSTEM, null, "bench", null, Role.SUPER_ADMIN, Set.of(), null, null);
		Tenant tenant = context.getBean(TenantService.class).create(platform, slug, "Bench " + slug);
		Actor inTenant = platform.withTenant(tenant.getId(), Role.SUPER_ADMIN, Set.of());
		context.getBean(StoreService.class)
			.create(inTenant, new StoreDetails("Downtown", ZoneId.of("America/Chicago"), "1 Main Street", null,
					"Springfield", "IL", "62701", "US", "US"));
		return new Actor(Actor.Type.USER, "bench", "bench@bench.example", tenant.getId(), Role.TENANT_ADMIN, Set.of(),
				"127.0.0.1", "bench");
	}

	/**
	 * A connection as the owner of the tables: for TRUNCATE and VACUUM between rounds,
	 * which the application role may not do.
	 */
	static Connection owner(Environment environment) throws SQLException {
		Connection connection = DriverManager.getConnection(environment.getRequiredProperty("spring.flyway.url"),
				environment.getRequiredProperty("spring.flyway.user"),
				environment.getRequiredProperty("spring.flyway.password"));
		connection.setAutoCommit(true);
		return connection;
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

}
