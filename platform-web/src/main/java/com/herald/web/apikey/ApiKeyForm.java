package com.herald.web.apikey;

import org.jspecify.annotations.Nullable;

/**
 * The new-key form.
 *
 * @param name what the key is for
 * @param role what the key may do
 */
record ApiKeyForm(@Nullable String name, @Nullable String role) {

	static ApiKeyForm empty() {
		return new ApiKeyForm("", "COMPLIANCE_OFFICER");
	}

}
