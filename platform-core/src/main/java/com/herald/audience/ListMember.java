package com.herald.audience;

import java.time.Instant;

import com.herald.contact.ContactSummary;

/**
 * A contact on a static list.
 *
 * @param contact the contact
 * @param addedAt when it was added
 */
public record ListMember(ContactSummary contact, Instant addedAt) {

}
