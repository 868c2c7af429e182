package com.herald.web.tenant;

import org.jspecify.annotations.Nullable;

/**
 * The new-tenant form.
 *
 * @param slug the tenant's unique short name
 * @param name what people call it
 * @param adminEmail who to invite as its first tenant admin, if anyone
 */
record TenantForm(@Nullable String slug, @Nullable String name, @Nullable String adminEmail) {

	static TenantForm empty() {
		return new TenantForm("", "", "");
	}

}
