package com.herald.api.apikey;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.ApiKey;

/**
 * An API key, without its secret.
 *
 * @param id its id
 * @param name what it is for
 * @param role the role it acts in
 * @param prefix the public part of the key ({@code hrd_<prefix>_…}), to recognise it
 * @param createdAt when it was created
 * @param lastUsedAt when it last authenticated a call (to the minute), if ever
 * @param revokedAt when it was revoked, if it was
 */
public record ApiKeyResponse(UUID id, String name, String role, String prefix, Instant createdAt,
		@Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {

	static ApiKeyResponse of(ApiKey key) {
		return new ApiKeyResponse(key.getId().value(), key.getName(), key.getRole().name(), key.getPrefix(),
				key.getCreatedAt(), key.getLastUsedAt(), key.getRevokedAt());
	}

}
