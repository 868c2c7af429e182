package com.herald.api.audience;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.herald.audience.CriteriaJson;
import com.herald.audience.Segment;

/**
 * A saved segment.
 *
 * @param id the segment
 * @param name its name
 * @param criteria its tree, as sent
 * @param createdAt when created
 * @param updatedAt when last changed
 */
public record SegmentResponse(UUID id, String name, JsonNode criteria, Instant createdAt, Instant updatedAt) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static SegmentResponse of(Segment segment) {
		return new SegmentResponse(segment.id(), segment.name(), JSON.readTree(CriteriaJson.write(segment.criteria())),
				segment.createdAt(), segment.updatedAt());
	}

}
