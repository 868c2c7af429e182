package com.herald.api.senderdomain;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.email.dkim.SenderDomain;

/**
 * A sender domain and the DNS records to publish for it.
 *
 * @param id the domain's id
 * @param domain the domain
 * @param selector the DKIM selector
 * @param dkimRecordName the DKIM TXT record's name
 * @param dkimRecordValue the DKIM TXT record's value
 * @param dmarcRecordName the DMARC record's name
 * @param dmarcRecordValue a DMARC record to start with (monitoring)
 * @param signing whether email from the domain is DKIM-signed (an admin confirmed the
 * record is published)
 * @param confirmedAt when that was confirmed
 * @param createdAt when the domain was added
 */
public record SenderDomainResponse(UUID id, String domain, String selector, String dkimRecordName,
		String dkimRecordValue, String dmarcRecordName, String dmarcRecordValue, boolean signing,
		@Nullable Instant confirmedAt, Instant createdAt) {

	static SenderDomainResponse of(SenderDomain d) {
		return new SenderDomainResponse(d.id(), d.domain(), d.selector(), d.dkimRecordName(), d.dkimRecordValue(),
				d.dmarcRecordName(), d.dmarcRecordValue(), d.verified(), d.verifiedAt(), d.createdAt());
	}

}
