package com.herald.api.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.Member;

/**
 * Someone who works for the tenant.
 *
 * @param id the membership's id (what {@code /api/v1/users/{id}} takes)
 * @param userId the person's account id
 * @param email their email
 * @param displayName their name
 * @param role their role in this tenant
 * @param storeIds for a store manager, the stores they run
 * @param since when they joined
 * @param lastLoginAt when they last signed in, if ever
 */
public record MemberResponse(UUID id, UUID userId, String email, String displayName, String role, List<UUID> storeIds,
		Instant since, @Nullable Instant lastLoginAt) {

	static MemberResponse of(Member member) {
		return new MemberResponse(member.membershipId().value(), member.userId().value(), member.email(),
				member.displayName(), member.role().name(),
				member.storeIds().stream().map((store) -> store.value()).sorted().toList(), member.since(),
				member.lastLoginAt());
	}

}
