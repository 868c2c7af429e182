package com.herald.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * Creates, idempotently, the roles and database Herald needs on a server it started
 * itself: an owner role that migrations run as, and an application role that owns
 * nothing, is no superuser and cannot bypass row-level security.
 */
final class ServerRoles {

	static final String DATABASE = "herald";

	static final String OWNER = "herald_owner";

	static final String APP = "herald_app";

	private ServerRoles() {
	}

	static void ensure(DataSource superuser, String ownerPassword, String appPassword) throws SQLException {
		try (Connection connection = superuser.getConnection(); Statement statement = connection.createStatement()) {
			createRole(connection, statement, OWNER, ownerPassword, "LOGIN NOSUPERUSER CREATEDB");
			createRole(connection, statement, APP, appPassword,
					"LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
			if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
				statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER + " ENCODING 'UTF8'");
			}
		}
	}

	private static void createRole(Connection connection, Statement statement, String role, String password,
			String options) throws SQLException {
		String verb = exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", role) ? "ALTER" : "CREATE";
		// Role names are constants; the password is generated or configured, never user
		// input, and is quoted.
		statement.execute(verb + " ROLE " + role + " " + options + " PASSWORD '" + password.replace("'", "''") + "'");
	}

	private static boolean exists(Connection connection, String sql, String name) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement(sql)) {
			query.setString(1, name);
			try (ResultSet rows = query.executeQuery()) {
				return rows.next();
			}
		}
	}

}
