package com.herald.web.superadmin;

import org.jspecify.annotations.Nullable;

/**
 * The new-super-admin form.
 *
 * @param email their sign-in email
 * @param displayName what pages call them
 * @param password their first password
 * @param confirmPassword the same password again
 */
record SuperAdminForm(@Nullable String email, @Nullable String displayName, @Nullable String password,
		@Nullable String confirmPassword) {

	static SuperAdminForm empty() {
		return new SuperAdminForm("", "", null, null);
	}

}
