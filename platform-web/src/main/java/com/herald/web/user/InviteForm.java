package com.herald.web.user;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The invite form.
 *
 * @param email who to invite
 * @param role the role they get
 * @param storeIds for a store manager, the stores they run
 */
record InviteForm(@Nullable String email, @Nullable String role, @Nullable List<String> storeIds) {

	static InviteForm empty() {
		return new InviteForm("", "STORE_MANAGER", List.of());
	}

	public List<String> stores() {
		return (this.storeIds != null) ? this.storeIds : List.of();
	}

}
