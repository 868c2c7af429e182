package com.herald.tenancy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.herald.db.DatabaseLauncher;
import com.herald.db.DatabaseMode;
import com.herald.db.DatabaseServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The database itself keeps tenants apart, whatever SQL the application sends: connected
 * as the application role with tenant A bound, plain SQL can neither read nor write
 * tenant B's rows in any tenant-owned table. No Spring, no JPA: only PostgreSQL, the
 * migrations and JDBC.
 */
class RowLevelSecurityIntegrationTests {

	/**
	 * SQLSTATE for "new row violates row-level security policy" and "permission denied".
	 */
	private static final String INSUFFICIENT_PRIVILEGE = "42501";

	private static DatabaseServer server;

	private final UUID tenantA = UUID.randomUUID();

	private final UUID tenantB = UUID.randomUUID();

	private Connection app;

	@BeforeAll
	static void migrate() {
		server = DatabaseLauncher.start(DatabaseMode.EMBEDDED, null, 0);
		Flyway.configure()
			.dataSource(server.jdbcUrl(), server.ownerUser(), server.ownerPassword())
			.placeholders(Map.of("app_role", server.appUser()))
			.load()
			.migrate();
	}

	/** Two tenants with a row in every tenant-owned table, written as the owner. */
	@BeforeEach
	void seedAndConnect() throws SQLException {
		try (Connection owner = DriverManager.getConnection(server.jdbcUrl(), server.ownerUser(),
				server.ownerPassword())) {
			seed(owner, this.tenantA);
			seed(owner, this.tenantB);
		}
		this.app = DriverManager.getConnection(server.jdbcUrl(), server.appUser(), server.appPassword());
		this.app.setAutoCommit(false);
	}

	@AfterEach
	void close() throws SQLException {
		this.app.rollback();
		this.app.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "tenants", "stores", "memberships", "membership_stores", "invitations", "api_keys",
			"audit_events" })
	void selectsOnlyTheBoundTenantsRows(String table) throws SQLException {
		bind(this.tenantA);
		assertThat(count(table, this.tenantA)).as("tenant A's own rows are visible").isPositive();
		assertThat(count(table, this.tenantB)).as("tenant B's rows").isZero();
		assertThat(countAll(table)).as("every visible row").isEqualTo(count(table, this.tenantA));
		assertThat(queryLong("SELECT count(*) FROM " + table + " WHERE " + tenantColumn(table) + " <> ?", this.tenantA))
			.isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "tenants", "stores", "memberships", "membership_stores", "invitations", "api_keys" })
	void updatesNothingOfAnotherTenant(String table) throws SQLException {
		bind(this.tenantA);
		int updated = update("UPDATE " + table + " SET " + tenantColumn(table) + " = " + tenantColumn(table) + " WHERE "
				+ tenantColumn(table) + " = ?", this.tenantB);
		assertThat(updated).isZero();
		assertThat(countAsOwner(table, this.tenantB)).isPositive();
	}

	@ParameterizedTest
	@ValueSource(strings = { "tenants", "stores", "memberships", "membership_stores", "invitations", "api_keys" })
	void deletesNothingOfAnotherTenant(String table) throws SQLException {
		bind(this.tenantA);
		int deleted = update("DELETE FROM " + table + " WHERE " + tenantColumn(table) + " = ?", this.tenantB);
		assertThat(deleted).isZero();
		this.app.commit();
		assertThat(countAsOwner(table, this.tenantB)).as("tenant B's rows are all still there").isPositive();
	}

	@Test
	void tenantsCannotChangeEvenTheirOwnTenantRow() throws SQLException {
		bind(this.tenantA);
		assertThat(update("UPDATE tenants SET name = 'renamed' WHERE id = ?", this.tenantA)).isZero();
		assertThat(update("DELETE FROM tenants WHERE id = ?", this.tenantA)).isZero();
	}

	@Test
	void rejectsATenantRowWrittenFromInsideATenant() {
		assertRowLevelSecurityViolation("INSERT INTO tenants (id, slug, name, status) VALUES ('" + UUID.randomUUID()
				+ "', 's-" + UUID.randomUUID().toString().substring(0, 8) + "', 'Sneaky', 'ACTIVE')");
	}

	@Test
	void rejectsAStoreOfAnotherTenant() {
		assertRowLevelSecurityViolation("INSERT INTO stores (tenant_id, id, name, timezone, address_line1, city,"
				+ " postal_code, country, default_phone_region) VALUES ('" + this.tenantB + "', '" + UUID.randomUUID()
				+ "', 'Planted', 'UTC', '1 Street', 'City', '1000', 'US', 'US')");
	}

	@Test
	void rejectsAMembershipOfAnotherTenant() throws SQLException {
		UUID user = firstId("SELECT user_id FROM memberships WHERE tenant_id = '" + this.tenantB + "'");
		assertRowLevelSecurityViolation("INSERT INTO memberships (tenant_id, id, user_id, role) VALUES ('"
				+ this.tenantB + "', '" + UUID.randomUUID() + "', '" + user + "', 'TENANT_ADMIN')");
	}

	@Test
	void rejectsAMembershipStoreOfAnotherTenant() throws SQLException {
		UUID membership = firstId("SELECT id FROM memberships WHERE tenant_id = '" + this.tenantB + "'");
		UUID store = firstId("SELECT id FROM stores WHERE tenant_id = '" + this.tenantB + "'");
		assertRowLevelSecurityViolation("INSERT INTO membership_stores (tenant_id, membership_id, store_id) VALUES ('"
				+ this.tenantB + "', '" + membership + "', '" + store + "')");
	}

	@Test
	void rejectsAnInvitationOfAnotherTenant() {
		assertRowLevelSecurityViolation(
				"INSERT INTO invitations (tenant_id, id, email, role, token_hash, expires_at) VALUES ('" + this.tenantB
						+ "', '" + UUID.randomUUID() + "', 'x@example.test', 'TENANT_ADMIN', '" + UUID.randomUUID()
						+ "', now() + interval '1 day')");
	}

	@Test
	void rejectsAnApiKeyOfAnotherTenant() {
		assertRowLevelSecurityViolation(
				"INSERT INTO api_keys (tenant_id, id, name, prefix, secret_hash, role) VALUES ('" + this.tenantB
						+ "', '" + UUID.randomUUID() + "', 'planted', '" + prefix() + "', 'hash', 'TENANT_ADMIN')");
	}

	@Test
	void rejectsAnAuditEventInAnotherTenantsChain() {
		assertRowLevelSecurityViolation("INSERT INTO audit_events (tenant_id, actor_type, action) VALUES ('"
				+ this.tenantB + "', 'SYSTEM', 'forged.event')");
	}

	@Test
	void acceptsRowsOfTheBoundTenant() throws SQLException {
		bind(this.tenantA);
		assertThat(update("INSERT INTO invitations (tenant_id, id, email, role, token_hash, expires_at) VALUES (?, '"
				+ UUID.randomUUID() + "', 'y@example.test', 'TENANT_ADMIN', '" + UUID.randomUUID()
				+ "', now() + interval '1 day')", this.tenantA))
			.isOne();
		assertThat(update("INSERT INTO audit_events (tenant_id, actor_type, action) VALUES (?, 'SYSTEM', 'x.done')",
				this.tenantA))
			.isOne();
	}

	@ParameterizedTest
	@ValueSource(strings = { "tenants", "stores", "memberships", "membership_stores", "invitations", "api_keys",
			"audit_events" })
	void showsNothingWhenNoTenantIsBound(String table) throws SQLException {
		assertThat(countAll(table)).isZero();
		assertThat(countAsOwner(table, this.tenantA)).as("the rows exist").isPositive();
	}

	@Test
	void rejectsEveryWriteWhenNoTenantIsBound() {
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> update(
					"INSERT INTO audit_events (tenant_id, actor_type, action) VALUES (?, 'SYSTEM'," + " 'x.done')",
					this.tenantA))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
	}

	@Test
	void endsTheBindingWithTheTransaction() throws SQLException {
		bind(this.tenantA);
		assertThat(countAll("stores")).isPositive();
		this.app.commit();
		assertThat(queryString("SELECT current_setting('app.tenant_id', true)")).isNullOrEmpty();
		assertThat(countAll("stores")).isZero();
		assertThat(countAll("tenants")).isZero();

		bind(this.tenantA);
		this.app.rollback();
		assertThat(countAll("stores")).as("a rolled-back binding is gone too").isZero();
	}

	@Test
	void seesEveryTenantOnlyWithExplicitPlatformAccess() throws SQLException {
		query("SELECT set_config('app.platform_access', 'on', true)");
		assertThat(count("stores", this.tenantA)).isPositive();
		assertThat(count("stores", this.tenantB)).isPositive();
		this.app.commit();
		assertThat(queryString("SELECT current_setting('app.platform_access', true)")).isNullOrEmpty();
		assertThat(countAll("stores")).isZero();
	}

	@Test
	void appRoleIsNoSuperuserCannotBypassRowLevelSecurityAndOwnsNoTable() throws SQLException {
		assertThat(queryString("SELECT current_user")).isEqualTo(server.appUser());
		assertThat(queryString("SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")).isEqualTo("false");
		assertThat(queryString("SELECT rolbypassrls::text FROM pg_roles WHERE rolname = current_user"))
			.isEqualTo("false");
		assertThat(queryLong("SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner"
				+ " WHERE r.rolname = current_user AND c.relkind IN ('r', 'p', 'v', 'm')"))
			.isZero();
		assertThat(queryLong("SELECT count(*) FROM pg_class WHERE relname = 'stores' AND relrowsecurity")).isOne();
	}

	@Test
	void everyTableWithATenantIdHasRowLevelSecurity() throws SQLException {
		assertThat(queryString("""
				SELECT coalesce(string_agg(c.relname, ', '), '')
				FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relrowsecurity
				  AND EXISTS (SELECT 1 FROM pg_attribute a
				              WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
				""")).as("tables with tenant_id but no row-level security").isEmpty();
	}

	@Test
	void appRoleCannotUpdateTheAuditTrail() throws SQLException {
		bind(this.tenantA);
		assertPermissionDenied("UPDATE audit_events SET action = 'tampered' WHERE tenant_id = '" + this.tenantA + "'");
	}

	@Test
	void appRoleCannotDeleteFromTheAuditTrail() throws SQLException {
		bind(this.tenantA);
		assertPermissionDenied("DELETE FROM audit_events WHERE tenant_id = '" + this.tenantA + "'");
	}

	@Test
	void appRoleCannotTruncateTheAuditTrail() throws SQLException {
		bind(this.tenantA);
		assertPermissionDenied("TRUNCATE audit_events");
		assertThat(countAsOwner("audit_events", this.tenantA)).isPositive();
	}

	@Test
	void evenTheOwnerCannotRewriteTheAuditTrail() throws SQLException {
		try (Connection owner = DriverManager.getConnection(server.jdbcUrl(), server.ownerUser(),
				server.ownerPassword()); Statement statement = owner.createStatement()) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.executeUpdate(
						"UPDATE audit_events SET action = 'tampered' WHERE tenant_id = '" + this.tenantA + "'"))
				.withMessageContaining("append-only");
			assertThatExceptionOfType(SQLException.class).isThrownBy(
					() -> statement.executeUpdate("DELETE FROM audit_events WHERE tenant_id = '" + this.tenantA + "'"))
				.withMessageContaining("append-only");
		}
	}

	private void assertRowLevelSecurityViolation(String insert) {
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> {
			bind(this.tenantA);
			try (Statement statement = this.app.createStatement()) {
				statement.executeUpdate(insert);
			}
		})
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE))
			.withMessageContaining("row-level security");
	}

	private void assertPermissionDenied(String sql) {
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> {
			try (Statement statement = this.app.createStatement()) {
				statement.execute(sql);
			}
		})
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE))
			.withMessageContaining("permission denied");
	}

	private void bind(UUID tenant) throws SQLException {
		try (PreparedStatement statement = this.app.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
			statement.setString(1, tenant.toString());
			statement.execute();
		}
	}

	private static String tenantColumn(String table) {
		return table.equals("tenants") ? "id" : "tenant_id";
	}

	private long count(String table, UUID tenant) throws SQLException {
		return queryLong("SELECT count(*) FROM " + table + " WHERE " + tenantColumn(table) + " = ?", tenant);
	}

	private long countAll(String table) throws SQLException {
		return queryLong("SELECT count(*) FROM " + table);
	}

	private static long countAsOwner(String table, UUID tenant) throws SQLException {
		try (Connection owner = DriverManager.getConnection(server.jdbcUrl(), server.ownerUser(),
				server.ownerPassword());
				PreparedStatement statement = owner
					.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + tenantColumn(table) + " = ?")) {
			statement.setObject(1, tenant);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private long queryLong(String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = prepare(sql, parameters); ResultSet rows = statement.executeQuery()) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private String queryString(String sql) throws SQLException {
		try (PreparedStatement statement = prepare(sql); ResultSet rows = statement.executeQuery()) {
			rows.next();
			return rows.getString(1);
		}
	}

	private void query(String sql) throws SQLException {
		try (PreparedStatement statement = prepare(sql)) {
			statement.execute();
		}
	}

	private int update(String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = prepare(sql, parameters)) {
			return statement.executeUpdate();
		}
	}

	/**
	 * Reads as the owner (RLS does not apply to a table's owner) the id a forged row
	 * needs.
	 */
	private static UUID firstId(String sql) throws SQLException {
		try (Connection owner = DriverManager.getConnection(server.jdbcUrl(), server.ownerUser(),
				server.ownerPassword());
				Statement statement = owner.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getObject(1, UUID.class);
		}
	}

	private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
		PreparedStatement statement = this.app.prepareStatement(sql);
		for (int i = 0; i < parameters.length; i++) {
			statement.setObject(i + 1, parameters[i]);
		}
		return statement;
	}

	private static String prefix() {
		return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	private static void seed(Connection owner, UUID tenant) throws SQLException {
		String key = tenant.toString().substring(0, 8);
		UUID store = UUID.randomUUID();
		UUID user = UUID.randomUUID();
		UUID membership = UUID.randomUUID();
		try (Statement statement = owner.createStatement()) {
			statement.executeUpdate("INSERT INTO tenants (id, slug, name, status) VALUES ('" + tenant + "', 'rls-" + key
					+ "', 'Tenant " + key + "', 'ACTIVE')");
			statement.executeUpdate("INSERT INTO stores (tenant_id, id, name, timezone, address_line1, city,"
					+ " postal_code, country, default_phone_region) VALUES ('" + tenant + "', '" + store
					+ "', 'Store', 'UTC', '1 Street', 'City', '1000', 'US', 'US')");
			statement.executeUpdate("INSERT INTO user_accounts (id, email, display_name) VALUES ('" + user + "', 'rls-"
					+ key + "@example.test', 'Person " + key + "')");
			statement.executeUpdate("INSERT INTO memberships (tenant_id, id, user_id, role) VALUES ('" + tenant + "', '"
					+ membership + "', '" + user + "', 'STORE_MANAGER')");
			statement.executeUpdate("INSERT INTO membership_stores (tenant_id, membership_id, store_id) VALUES ('"
					+ tenant + "', '" + membership + "', '" + store + "')");
			statement.executeUpdate("INSERT INTO invitations (tenant_id, id, email, role, token_hash, expires_at)"
					+ " VALUES ('" + tenant + "', '" + UUID.randomUUID() + "', 'invitee-" + key
					+ "@example.test', 'COMPLIANCE_OFFICER', '" + UUID.randomUUID() + "', now() + interval '7 days')");
			statement.executeUpdate("INSERT INTO api_keys (tenant_id, id, name, prefix, secret_hash, role) VALUES ('"
					+ tenant + "', '" + UUID.randomUUID() + "', 'Key', '" + prefix() + "', 'hash', 'TENANT_ADMIN')");
			statement.executeUpdate("INSERT INTO audit_events (tenant_id, actor_type, action) VALUES ('" + tenant
					+ "', 'SYSTEM', 'tenant.seeded')");
		}
	}

}
