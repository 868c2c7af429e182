/**
 * The database Herald runs on: Flyway migrations (in {@code db/migration}) and the
 * launcher that starts a real PostgreSQL for dev runs and tests when no external server
 * is configured. Depends on nothing else in Herald.
 */
@NullMarked
package com.herald.db;

import org.jspecify.annotations.NullMarked;
