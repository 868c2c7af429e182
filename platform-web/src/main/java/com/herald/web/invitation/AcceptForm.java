package com.herald.web.invitation;

import org.jspecify.annotations.Nullable;

/**
 * The acceptance form; name and passwords only for someone without an account.
 *
 * @param displayName what pages will call them
 * @param password their password
 * @param confirmPassword the same again
 */
record AcceptForm(@Nullable String displayName, @Nullable String password, @Nullable String confirmPassword) {

	static AcceptForm empty() {
		return new AcceptForm("", null, null);
	}

}
