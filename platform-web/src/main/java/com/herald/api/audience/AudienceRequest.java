package com.herald.api.audience;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An audience to count or sample.
 *
 * @param criteria the criteria tree: a group {@code {"logic": "AND", "children": [...]}}
 * or a condition {@code {"field": "attributes.lead_source", "type": "text", "operator":
 * "equals", "values": ["web"]}}
 * @param limit for samples: how many contacts (1 to 50, default 10); ignored by counts
 */
public record AudienceRequest(@Nullable JsonNode criteria, @Nullable Integer limit) {

}
