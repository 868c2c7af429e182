package com.herald.api.audience;

import java.util.List;

import com.herald.api.contact.ContactListResponse;

/**
 * Some of the contacts an audience matches, newest first.
 *
 * @param items the contacts (without attributes; get a contact for those)
 * @param limit the most asked for
 */
public record AudienceSampleResponse(List<ContactListResponse.Item> items, int limit) {

}
