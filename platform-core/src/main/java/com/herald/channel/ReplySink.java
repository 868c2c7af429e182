package com.herald.channel;

import java.time.Instant;
import java.util.UUID;

import com.herald.consent.Channel;
import com.herald.tenancy.TenantId;

/**
 * Where channel modules report a contact's reply once they have matched the sender to a
 * contact, so the engine can attribute it to the last broadcast that reached the contact
 * (response rates, opt-outs per broadcast). Every bean implementing this is called, with
 * the tenant bound.
 */
public interface ReplySink {

	/**
	 * Records one reply.
	 * @param tenant the tenant the reply reached
	 * @param contactId the contact who replied
	 * @param channel the channel the reply came on
	 * @param optOut whether the reply opted the contact out (STOP and its synonyms)
	 * @param receivedAt when the provider received it
	 */
	void replied(TenantId tenant, UUID contactId, Channel channel, boolean optOut, Instant receivedAt);

}
