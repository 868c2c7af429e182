package com.herald.audience;

import java.util.List;

/**
 * What adding a CSV of identifiers to a list did.
 *
 * @param rows data rows read (without the header and blank lines)
 * @param added contacts newly added
 * @param alreadyMembers rows whose contact was on the list already (or earlier in the
 * file)
 * @param unmatchedTotal rows that matched no contact or could not be read
 * @param unmatched the first {@link ListService#MAX_REPORTED} of those, with the reason
 */
public record ListUpload(long rows, long added, long alreadyMembers, long unmatchedTotal, List<Unmatched> unmatched) {

	public ListUpload {
		unmatched = List.copyOf(unmatched);
	}

	/**
	 * One row that was not added.
	 *
	 * @param line the line of the file it starts on
	 * @param identifier the identifier as written (cut to 200 characters)
	 * @param reason why
	 */
	public record Unmatched(long line, String identifier, String reason) {

	}

}
