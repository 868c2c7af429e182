package com.herald;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every top-level package under {@code com.herald}, across all jars on the classpath, is
 * an application module: no cycles, no reaching into another module's internals, only the
 * dependencies each {@code package-info} allows. Plain JUnit: no Spring context.
 */
class ModularityTests {

	static final ApplicationModules modules = ApplicationModules.of(HeraldApplication.class);

	@Test
	void verifiesModuleStructure() {
		modules.verify();
	}

	@Test
	void findsTheModulesOfEveryJar() {
		assertThat(modules.stream().map(ModularityTests::name)).contains("db", "tenancy", "audit", "security", "web",
				"api", "demo");
	}

	/**
	 * The Maven graph keeps jars apart; inside platform-web only these rules do.
	 */
	@Test
	void keepsTheLayersApart() {
		assertThat(dependents("demo")).as("modules using the demo seed").isEmpty();
		assertThat(dependencies("security")).as("security's dependencies")
			.doesNotContain("web", "api", "webhook", "demo");
		assertThat(dependencies("web")).as("pages call services, not the REST API")
			.contains("tenancy")
			.doesNotContain("api");
		assertThat(dependencies("api")).as("the REST API calls services, not pages").doesNotContain("web");
		assertThat(dependencies("tenancy")).as("tenancy's dependencies").isSubsetOf("db");
		assertThat(dependencies("audit")).as("audit's dependencies").isSubsetOf("tenancy", "db", "csv");
		assertThat(dependencies("db")).as("db's dependencies").isEmpty();
	}

	/**
	 * Writes module diagrams and canvases to target/spring-modulith-docs (not committed).
	 */
	@Test
	void writesModuleDocumentation() {
		new Documenter(modules).writeDocumentation();
	}

	private static List<String> dependencies(String module) {
		return modules.getModuleByName(module)
			.map((found) -> found.getDirectDependencies(modules).uniqueModules().map(ModularityTests::name).toList())
			.orElse(List.of());
	}

	private static List<String> dependents(String module) {
		return modules.stream()
			.filter((other) -> dependencies(name(other)).contains(module))
			.map(ModularityTests::name)
			.toList();
	}

	private static String name(ApplicationModule module) {
		return module.getIdentifier().toString();
	}

}
