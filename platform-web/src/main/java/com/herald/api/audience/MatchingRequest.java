package com.herald.api.audience;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Contacts chosen by what they are rather than by id: either an audience criteria tree,
 * or the search of the contacts list (name, email or phone prefix, and/or a store).
 *
 * @param criteria a criteria tree, as for segments
 * @param search as on the contacts list; used when there is no tree
 * @param storeId the contacts of one store; used when there is no tree
 */
public record MatchingRequest(@Nullable JsonNode criteria, @Nullable String search, @Nullable UUID storeId) {

}
