package com.herald.contact;

import java.util.Map;

/**
 * The contacts a search of the contacts list matches, on every page, as SQL for set-based
 * work (adding them all to a list in one statement).
 *
 * @param sql {@code SELECT id FROM contacts WHERE ...}, with named parameters
 * @param params the values of its named parameters
 */
public record ContactSelection(String sql, Map<String, Object> params) {

	public ContactSelection {
		params = Map.copyOf(params);
	}

}
