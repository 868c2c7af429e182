package com.herald.imports;

import java.util.Locale;

import com.herald.tenancy.InvalidInputException;

/**
 * What to do with a row whose external id, email or phone belongs to an existing contact.
 */
public enum DuplicatePolicy {

	/** Leave the existing contact as it is; the row counts as skipped. */
	SKIP,
	/**
	 * Update the existing contact: given fields replace stored ones, attributes merge,
	 * tags are added.
	 */
	UPDATE;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static DuplicatePolicy fromKey(String key) {
		try {
			return valueOf(key.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("duplicates", "Use skip or update");
		}
	}

}
