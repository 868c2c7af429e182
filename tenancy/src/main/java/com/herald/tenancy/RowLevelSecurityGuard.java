package com.herald.tenancy;

import java.util.Map;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when the application's database role would ignore row-level security:
 * a superuser, a role with BYPASSRLS, or the owner of the tables (owners bypass their
 * tables' policies). Isolation would then rest on application code alone, silently.
 * {@code herald.db.allow-unsafe-role=true} overrides, for one-off maintenance.
 */
@Component
class RowLevelSecurityGuard implements SmartInitializingSingleton {

	private final JdbcTemplate jdbc;

	private final boolean allowUnsafeRole;

	RowLevelSecurityGuard(JdbcTemplate jdbc, @Value("${herald.db.allow-unsafe-role:false}") boolean allowUnsafeRole) {
		this.jdbc = jdbc;
		this.allowUnsafeRole = allowUnsafeRole;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.allowUnsafeRole) {
			return;
		}
		Map<String, Object> role = this.jdbc.queryForMap("""
				SELECT current_user AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
				       EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = current_schema()
				               AND t.tablename = 'tenants' AND t.tableowner = current_user) AS owner
				FROM pg_roles r WHERE r.rolname = current_user
				""");
		if (Boolean.TRUE.equals(role.get("superuser")) || Boolean.TRUE.equals(role.get("bypass"))
				|| Boolean.TRUE.equals(role.get("owner"))) {
			throw new IllegalStateException("Herald connects to PostgreSQL as role '" + role.get("name")
					+ "', which bypasses row-level security (superuser, BYPASSRLS or table owner). Connect as a role "
					+ "that owns nothing (see docs/operations.md), and migrate as the owner with spring.flyway.user.");
		}
	}

}
