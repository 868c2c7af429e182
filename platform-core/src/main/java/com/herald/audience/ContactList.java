package com.herald.audience;

import java.time.Instant;
import java.util.UUID;

/**
 * A static list: contacts added by hand or from a CSV, usable as an audience with the
 * {@code list} condition.
 *
 * @param id the list
 * @param name unique per tenant, case-insensitively
 * @param members how many contacts it holds (for store managers: of their stores)
 * @param createdAt when created
 * @param updatedAt when last renamed or its members changed
 */
public record ContactList(UUID id, String name, long members, Instant createdAt, Instant updatedAt) {

}
