package com.herald.api.audience;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A list to create or rename.
 *
 * @param name unique per tenant
 * @param contactIds on creation only: up to 1,000 contacts to put on it at once
 */
public record ListRequest(@Nullable String name, @Nullable List<UUID> contactIds) {

}
