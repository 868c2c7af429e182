package com.herald.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One event of an audit chain, as stored.
 *
 * @param tenantId the chain: a tenant's id, or {@link AuditChains#PLATFORM}
 * @param seq position in the chain, from 1, without gaps
 * @param id the event's unique id
 * @param occurredAt when the database recorded it (UTC, microseconds)
 * @param actorType {@code USER}, {@code API_KEY}, {@code SYSTEM} or {@code ANONYMOUS}
 * @param actorId user or API key id, if any
 * @param actorLabel what identifies the actor to people (an email, a key name)
 * @param actorRole the role the actor acted in, if any
 * @param storeId the store the target belongs to, if store-scoped
 * @param action what happened, {@code noun.verb}
 * @param targetType kind of thing it happened to, if any
 * @param targetId its id
 * @param summary JSON object with {@code before} and/or {@code after}, if recorded
 * @param ip the client's address, if known
 * @param userAgent the client's user agent, if known
 * @param prevHash the previous event's hash in lowercase hex; {@code null} for the first
 * @param hash this event's hash (SHA-256) in lowercase hex
 */
public record AuditEvent(UUID tenantId, long seq, UUID id, Instant occurredAt, String actorType,
		@Nullable String actorId, @Nullable String actorLabel, @Nullable String actorRole, @Nullable UUID storeId,
		String action, @Nullable String targetType, @Nullable String targetId, @Nullable String summary,
		@Nullable String ip, @Nullable String userAgent, @Nullable String prevHash, String hash) {

}
