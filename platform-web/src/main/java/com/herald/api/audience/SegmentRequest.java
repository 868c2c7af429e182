package com.herald.api.audience;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A segment to create or replace.
 *
 * @param name unique per tenant
 * @param criteria the tree: a group {@code {"logic": "AND", "children": [...]}} or a
 * condition {@code {"field": "tags", "operator": "any", "values": ["vip"]}}
 */
public record SegmentRequest(@Nullable String name, @Nullable JsonNode criteria) {

}
