package com.herald.api.audience;

import java.util.List;

import com.herald.audience.ListUpload;

/**
 * What adding a CSV of identifiers did.
 *
 * @param rows data rows read
 * @param added contacts newly added
 * @param alreadyMembers rows whose contact was already on the list
 * @param unmatchedTotal rows not added
 * @param unmatched the first 1,000 of those: line, identifier and reason
 */
public record ListUploadResponse(long rows, long added, long alreadyMembers, long unmatchedTotal,
		List<ListUpload.Unmatched> unmatched) {

	static ListUploadResponse of(ListUpload upload) {
		return new ListUploadResponse(upload.rows(), upload.added(), upload.alreadyMembers(), upload.unmatchedTotal(),
				upload.unmatched());
	}

}
