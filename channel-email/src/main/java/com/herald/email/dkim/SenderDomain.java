package com.herald.email.dkim;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's sender domain and the DNS records to publish for it.
 *
 * @param id the domain's id
 * @param domain the domain ({@code news.example.com})
 * @param selector the DKIM selector
 * @param dkimRecordName where the DKIM TXT record goes
 * ({@code selector._domainkey.domain})
 * @param dkimRecordValue the DKIM TXT record's value ({@code v=DKIM1; k=rsa; p=...})
 * @param dkimRecordQuoted the same as quoted strings of at most 255 characters (zone
 * files)
 * @param dmarcRecordName where the DMARC record goes ({@code _dmarc.domain})
 * @param dmarcRecordValue a DMARC record to start with (monitoring only)
 * @param verifiedAt when an admin confirmed the DKIM record is published; messages from
 * the domain are signed from then on
 * @param verifiedBy who confirmed it
 * @param createdAt when the domain was added
 */
public record SenderDomain(UUID id, String domain, String selector, String dkimRecordName, String dkimRecordValue,
		String dkimRecordQuoted, String dmarcRecordName, String dmarcRecordValue, @Nullable Instant verifiedAt,
		@Nullable String verifiedBy, Instant createdAt) {

	/** Whether messages from this domain are DKIM-signed. */
	public boolean verified() {
		return this.verifiedAt != null;
	}

}
