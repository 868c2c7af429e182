package com.herald.web.user;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The change-member form.
 *
 * @param role the new role
 * @param storeIds for a store manager, the stores they run
 */
record MemberForm(@Nullable String role, @Nullable List<String> storeIds) {

	public List<String> stores() {
		return (this.storeIds != null) ? this.storeIds : List.of();
	}

}
