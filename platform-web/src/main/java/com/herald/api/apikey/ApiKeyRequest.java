package com.herald.api.apikey;

import org.jspecify.annotations.Nullable;

/**
 * A new API key.
 *
 * @param name what it is for, as lists and the audit trail show it
 * @param role {@code TENANT_ADMIN} or {@code COMPLIANCE_OFFICER}
 */
public record ApiKeyRequest(@Nullable String name, @Nullable String role) {

}
