package com.herald.api.tenant;

import org.jspecify.annotations.Nullable;

/**
 * A new tenant.
 *
 * @param slug unique, lowercase letters, digits and hyphens
 * @param name what people see
 */
public record CreateTenantRequest(@Nullable String slug, @Nullable String name) {

}
