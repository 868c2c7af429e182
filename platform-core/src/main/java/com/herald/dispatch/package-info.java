/**
 * Dispatch: workers on every node claim due deliveries in batches
 * ({@code FOR UPDATE SKIP LOCKED}), reserve quota tokens per batch
 * ({@link com.herald.dispatch.DispatchThrottle}: tenant × channel and the provider
 * account's own rate, in Bucket4j buckets shared through PostgreSQL), render each message
 * and send it through the tenant's provider behind a circuit breaker per provider.
 * Transient failures retry with exponential backoff and jitter; sends whose outcome is
 * unknown are held and reconciled with the provider before any retry.
 */
@ApplicationModule(allowedDependencies = { "delivery", "channel", "template", "consent", "pricing" })
@NullMarked
package com.herald.dispatch;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
