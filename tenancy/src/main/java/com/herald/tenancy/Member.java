package com.herald.tenancy;

import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/** A membership with the person behind it, as the users page and API list them. */
public record Member(MembershipId membershipId, UserId userId, String email, String displayName, Role role,
		Set<StoreId> storeIds, Instant since, @Nullable Instant lastLoginAt) {

	public Member {
		storeIds = Set.copyOf(storeIds);
	}

}
