package com.herald.contact;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of contacts.
 *
 * @param items the contacts, newest first
 * @param nextCursor pass it in the next {@link ContactQuery} for the following page;
 * {@code null} on the last page
 */
public record ContactSlice(List<ContactSummary> items, @Nullable String nextCursor) {

	public ContactSlice {
		items = List.copyOf(items);
	}

	public boolean hasNext() {
		return this.nextCursor != null;
	}

}
