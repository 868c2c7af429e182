package com.herald.api.audience;

import java.time.Instant;

import com.herald.api.contact.ContactListResponse;
import com.herald.audience.ListMember;

/**
 * A contact on a list.
 *
 * @param contact the contact (without attributes)
 * @param addedAt when it was added
 */
public record ListMemberResponse(ContactListResponse.Item contact, Instant addedAt) {

	static ListMemberResponse of(ListMember member) {
		return new ListMemberResponse(ContactListResponse.Item.of(member.contact()), member.addedAt());
	}

}
