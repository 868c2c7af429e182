/**
 * Benchmarks: plain programs that start the real services on an embedded PostgreSQL and
 * measure them. Never part of the test run; docs/performance.md says how to run each and
 * what it measured.
 */
@NullMarked
package com.herald.bench;

import org.jspecify.annotations.NullMarked;
