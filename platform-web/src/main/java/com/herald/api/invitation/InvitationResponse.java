package com.herald.api.invitation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.Invitation;

/**
 * An invitation.
 *
 * @param id its id
 * @param email who is invited
 * @param role the role offered
 * @param storeIds for a store manager, the stores offered
 * @param status {@code PENDING}, {@code ACCEPTED}, {@code REVOKED} or {@code EXPIRED}
 * @param createdAt when it was sent
 * @param expiresAt until when it can be accepted
 * @param acceptedAt when it was accepted, if it was
 * @param revokedAt when it was revoked, if it was
 */
public record InvitationResponse(UUID id, String email, String role, List<UUID> storeIds, String status,
		Instant createdAt, Instant expiresAt, @Nullable Instant acceptedAt, @Nullable Instant revokedAt) {

	static InvitationResponse of(Invitation invitation) {
		return new InvitationResponse(invitation.getId().value(), invitation.getEmail(), invitation.getRole().name(),
				invitation.getStoreIds().stream().map((store) -> store.value()).sorted().toList(),
				invitation.status(Instant.now()).name(), invitation.getCreatedAt(), invitation.getExpiresAt(),
				invitation.getAcceptedAt(), invitation.getRevokedAt());
	}

}
