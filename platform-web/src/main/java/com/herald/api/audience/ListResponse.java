package com.herald.api.audience;

import java.time.Instant;
import java.util.UUID;

import com.herald.audience.ContactList;

/**
 * A static list.
 *
 * @param id the list; use it in a criteria tree as {@code {"field": "list", "operator":
 * "equals", "values": ["<id>"]}}
 * @param name its name
 * @param members how many contacts it holds (for store managers: of their stores)
 * @param createdAt when created
 * @param updatedAt when last renamed or its members changed
 */
public record ListResponse(UUID id, String name, long members, Instant createdAt, Instant updatedAt) {

	static ListResponse of(ContactList list) {
		return new ListResponse(list.id(), list.name(), list.members(), list.createdAt(), list.updatedAt());
	}

}
