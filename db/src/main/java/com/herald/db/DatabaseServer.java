package com.herald.db;

/**
 * A running PostgreSQL that Herald started for itself, with the two roles it connects as.
 *
 * @param jdbcUrl URL of the {@code herald} database
 * @param ownerUser role that owns the schema; Flyway migrates as this role
 * @param ownerPassword its password
 * @param appUser role the application connects as; subject to row-level security
 * @param appPassword its password
 * @param description what was started, for the log
 */
public record DatabaseServer(String jdbcUrl, String ownerUser, String ownerPassword, String appUser, String appPassword,
		String description) {

}
