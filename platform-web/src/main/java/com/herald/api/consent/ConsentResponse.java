package com.herald.api.consent;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.consent.ConsentRecord;

/**
 * One entry of a contact's consent ledger.
 *
 * @param id the record
 * @param contactId whose consent
 * @param channel the channel
 * @param status {@code opted_in} or {@code opted_out}
 * @param source where the change came from
 * @param occurredAt when the contact gave or withdrew consent
 * @param recordedAt when Herald recorded it
 * @param ip the contact's address, when known
 * @param userAgent the contact's user agent, when known
 * @param wording the exact text the contact agreed to
 * @param actorType who recorded it: USER, API_KEY, SYSTEM or ANONYMOUS
 * @param actorLabel what the audit shows for them
 */
public record ConsentResponse(UUID id, UUID contactId, String channel, String status, String source, Instant occurredAt,
		Instant recordedAt, @Nullable String ip, @Nullable String userAgent, @Nullable String wording, String actorType,
		@Nullable String actorLabel) {

	static ConsentResponse of(ConsentRecord record) {
		return new ConsentResponse(record.id(), record.contactId().value(), record.channel().key(),
				record.status().key(), record.source().key(), record.occurredAt(), record.recordedAt(), record.ip(),
				record.userAgent(), record.wording(), record.actorType(), record.actorLabel());
	}

}
