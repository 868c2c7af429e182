package com.herald.api.audience;

import org.jspecify.annotations.Nullable;

/**
 * A list to create or rename.
 *
 * @param name unique per tenant
 */
public record ListRequest(@Nullable String name) {

}
