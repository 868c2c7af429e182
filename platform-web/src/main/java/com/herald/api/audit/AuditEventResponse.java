package com.herald.api.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.herald.audit.AuditEvent;

/**
 * An audit event in the API: as stored, with the before/after summary as a JSON object
 * rather than a string.
 */
record AuditEventResponse(long seq, UUID id, UUID tenantId, Instant occurredAt, String actorType,
		@Nullable String actorId, @Nullable String actorLabel, @Nullable String actorRole, @Nullable UUID storeId,
		String action, @Nullable String targetType, @Nullable String targetId, @Nullable JsonNode summary,
		@Nullable String ip, @Nullable String userAgent, @Nullable String prevHash, String hash) {

	static AuditEventResponse of(AuditEvent event, JsonMapper json) {
		return new AuditEventResponse(event.seq(), event.id(), event.tenantId(), event.occurredAt(), event.actorType(),
				event.actorId(), event.actorLabel(), event.actorRole(), event.storeId(), event.action(),
				event.targetType(), event.targetId(), (event.summary() != null) ? json.readTree(event.summary()) : null,
				event.ip(), event.userAgent(), event.prevHash(), event.hash());
	}

}
