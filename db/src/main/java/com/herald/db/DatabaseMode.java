package com.herald.db;

/**
 * Where Herald's PostgreSQL comes from, chosen by {@code herald.db.mode}. Setting
 * {@code spring.datasource.url} always means {@link #EXTERNAL}.
 */
public enum DatabaseMode {

	/**
	 * A real PostgreSQL started from the zonky binaries on the classpath (the default).
	 */
	EMBEDDED,

	/** A PostgreSQL container through Testcontainers; needs a Docker engine. */
	TESTCONTAINERS,

	/**
	 * Testcontainers when a Docker engine answers, embedded otherwise (what the tests
	 * use).
	 */
	AUTO,

	/** The server named by {@code spring.datasource.url}; nothing is started. */
	EXTERNAL

}
