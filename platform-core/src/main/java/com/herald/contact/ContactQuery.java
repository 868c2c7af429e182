package com.herald.contact;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.StoreId;

/**
 * What the contact list shows: newest first, one page at a time (keyset pagination, so
 * deep pages cost what the first does).
 *
 * @param search prefix of a first or last name ("ann", "ann smi"), an email or a phone
 * number (as typed: "+1 201 55", "201-55"); blank for all
 * @param storeId only contacts of this store
 * @param cursor where the previous page ended ({@link ContactSlice#nextCursor()}); null
 * for the first page
 * @param limit page size, 1 to {@value #MAX_LIMIT}
 */
public record ContactQuery(@Nullable String search, @Nullable StoreId storeId, @Nullable String cursor, int limit) {

	public static final int DEFAULT_LIMIT = 50;

	public static final int MAX_LIMIT = 200;

	public static ContactQuery firstPage() {
		return new ContactQuery(null, null, null, DEFAULT_LIMIT);
	}

	public ContactQuery withSearch(@Nullable String value) {
		return new ContactQuery(value, this.storeId, this.cursor, this.limit);
	}

	public ContactQuery withStore(@Nullable StoreId value) {
		return new ContactQuery(this.search, value, this.cursor, this.limit);
	}

	public ContactQuery withCursor(@Nullable String value) {
		return new ContactQuery(this.search, this.storeId, value, this.limit);
	}

	public ContactQuery withLimit(int value) {
		return new ContactQuery(this.search, this.storeId, this.cursor, value);
	}

}
