package com.herald.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Where the database's time goes, from {@code pg_stat_statements}, when the throw-away
 * server was started with it
 * ({@code -Dherald.db.server.shared_preload_libraries=pg_stat_statements
 * -Dherald.db.server.pg_stat_statements.track=all}, the latter so that statements run by
 * triggers and foreign-key checks count on their own). Read as the embedded server's
 * superuser, which only a throw-away server has without a password.
 */
final class StatementStats implements AutoCloseable {

	private final Connection connection;

	private StatementStats(Connection connection) {
		this.connection = connection;
	}

	/** {@code null} when the extension is not loaded. */
	static StatementStats open(String applicationUrl) {
		try {
			Connection connection = DriverManager.getConnection(applicationUrl, "postgres", "");
			try (Statement statement = connection.createStatement();
					ResultSet loaded = statement.executeQuery("SHOW shared_preload_libraries")) {
				loaded.next();
				if (!loaded.getString(1).contains("pg_stat_statements")) {
					connection.close();
					return null;
				}
				statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
			}
			return new StatementStats(connection);
		}
		catch (SQLException ex) {
			return null;
		}
	}

	void reset() throws SQLException {
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("SELECT pg_stat_statements_reset()");
		}
	}

	/**
	 * The statements that took the most time since the last reset, per {@code rows} rows
	 * imported. A trigger's statements are counted inside the statement that fired them
	 * too (total), and on their own line.
	 */
	void print(PrintStream out, int rows, int limit) throws SQLException {
		out.println("| µs per imported row | calls | rows | top-level | statement |");
		out.println("|---:|---:|---:|---|---|");
		try (Statement statement = this.connection.createStatement(); ResultSet rs = statement.executeQuery("""
				SELECT total_exec_time, calls, rows, toplevel,
				       regexp_replace(query, '\\s+', ' ', 'g') AS query
				FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT\s""" + limit)) {
			while (rs.next()) {
				String query = rs.getString(5);
				out.printf(Locale.ROOT, "| %.1f | %,d | %,d | %s | `%s` |%n", rs.getDouble(1) * 1000 / rows,
						rs.getLong(2), rs.getLong(3), rs.getBoolean(4) ? "yes" : "no",
						(query.length() > 160) ? query.substring(0, 160) + "…" : query);
			}
		}
	}

	@Override
	public void close() throws SQLException {
		this.connection.close();
	}

}
