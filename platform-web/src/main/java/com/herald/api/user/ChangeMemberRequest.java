package com.herald.api.user;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A change to someone's membership; a member left out keeps its value.
 *
 * @param role {@code TENANT_ADMIN}, {@code STORE_MANAGER} or {@code COMPLIANCE_OFFICER}
 * @param storeIds for a store manager, the stores they run (ignored for other roles)
 */
public record ChangeMemberRequest(@Nullable String role, @Nullable List<UUID> storeIds) {

}
