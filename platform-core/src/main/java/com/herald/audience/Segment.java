package com.herald.audience;

import java.time.Instant;
import java.util.UUID;

/**
 * A saved, dynamic audience: its criteria are compiled again whenever it is used.
 *
 * @param id the segment
 * @param name unique per tenant, case-insensitively
 * @param criteria the tree
 * @param createdAt when created
 * @param updatedAt when last changed
 */
public record Segment(UUID id, String name, Criterion criteria, Instant createdAt, Instant updatedAt) {

}
