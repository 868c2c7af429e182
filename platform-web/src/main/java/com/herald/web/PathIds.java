package com.herald.web;

import java.util.UUID;

import com.herald.tenancy.NotFoundException;

/** Ids read from a page's path. */
public final class PathIds {

	private PathIds() {
	}

	/**
	 * The id in the path; a malformed one is a thing that does not exist (404), like an
	 * id of another tenant's.
	 */
	public static UUID uuid(String kind, String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new NotFoundException(kind, id);
		}
	}

}
