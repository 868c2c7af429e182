package com.herald.api.consent;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Suppression;

/**
 * A suppressed address.
 *
 * @param id the suppression
 * @param channel the channel
 * @param address E.164 phone, lowercase email or push token
 * @param reason why
 * @param note free text
 * @param createdAt when
 * @param actorLabel who added it
 */
public record SuppressionResponse(UUID id, String channel, String address, String reason, @Nullable String note,
		Instant createdAt, @Nullable String actorLabel) {

	static SuppressionResponse of(Suppression suppression) {
		return new SuppressionResponse(suppression.id(), suppression.channel().key(), suppression.address(),
				suppression.reason().key(), suppression.note(), suppression.createdAt(), suppression.actorLabel());
	}

}
