package com.herald.api.invitation;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An invitation to send.
 *
 * @param email who is invited
 * @param role {@code TENANT_ADMIN}, {@code STORE_MANAGER} or {@code COMPLIANCE_OFFICER}
 * @param storeIds for a store manager, the stores they will run
 */
public record InvitationRequest(@Nullable String email, @Nullable String role, @Nullable List<UUID> storeIds) {

}
