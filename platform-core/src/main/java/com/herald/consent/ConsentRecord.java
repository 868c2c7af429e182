package com.herald.consent;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.contact.ContactId;

/**
 * One entry of the consent ledger: a change of a contact's consent on a channel, with the
 * evidence for it.
 *
 * @param id the record
 * @param contactId whose consent
 * @param channel which channel
 * @param status opted in or out
 * @param source where the change came from
 * @param occurredAt when the contact gave or withdrew consent
 * @param recordedAt when Herald recorded it
 * @param ip the contact's address, when known (blanked when the contact is erased)
 * @param userAgent the contact's user agent, when known (blanked when erased)
 * @param wording the exact text the contact agreed to
 * @param actorType who recorded it: USER, API_KEY, SYSTEM or ANONYMOUS
 * @param actorId the user or API key id
 * @param actorLabel what the audit shows for the actor
 * @param mergedFrom for a record copied from a merged contact, the original record's id
 */
public record ConsentRecord(UUID id, ContactId contactId, Channel channel, ConsentStatus status, ConsentSource source,
		Instant occurredAt, Instant recordedAt, @Nullable String ip, @Nullable String userAgent,
		@Nullable String wording, String actorType, @Nullable String actorId, @Nullable String actorLabel,
		@Nullable UUID mergedFrom) {

}
