package com.herald.preference;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;
import com.herald.contact.ContactId;
import com.herald.tenancy.TenantId;

/**
 * What a verified link says: whose link it is and what it is for. Only
 * {@link PreferenceLinks} makes one, after checking the signature and the expiry.
 *
 * @param kind unsubscribe or preference page
 * @param tenantId the tenant that sent the message
 * @param contactId the recipient
 * @param channel for an unsubscribe link, the channel to unsubscribe from
 * @param deliveryId for an unsubscribe link, the message it came in, when known
 * @param expiresAt when the link stops working
 */
public record LinkToken(Kind kind, TenantId tenantId, ContactId contactId, @Nullable Channel channel,
		@Nullable UUID deliveryId, Instant expiresAt) {

	/** What a link opens. */
	public enum Kind {

		UNSUBSCRIBE, PREFERENCES

	}

}
