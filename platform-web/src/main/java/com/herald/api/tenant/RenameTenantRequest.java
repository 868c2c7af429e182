package com.herald.api.tenant;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's new name.
 *
 * @param name what people see
 */
public record RenameTenantRequest(@Nullable String name) {

}
