package com.herald.imports;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.StoreId;

/**
 * One import as its history shows it.
 *
 * @param id the import
 * @param storeId the store its contacts go to, if any
 * @param fileName the uploaded file's name
 * @param fileBytes the file's size
 * @param header the first row: the columns' names
 * @param preview the first rows after the header, as read
 * @param totalRows the rows after the header, blank lines left out
 * @param status where it is
 * @param plan how it is applied, once mapped
 * @param createdCount contacts created
 * @param updatedCount existing contacts updated
 * @param skippedCount rows matching an existing contact under the skip policy
 * @param failedCount rows rejected (see the rejects)
 * @param startedBy who uploaded it (an email or API key name)
 * @param error why it failed, for a failed import
 * @param createdAt when it was uploaded
 * @param startedAt when a worker first took it
 * @param finishedAt when it completed or failed
 */
public record ContactImport(ImportId id, @Nullable StoreId storeId, String fileName, long fileBytes,
		List<String> header, List<List<String>> preview, long totalRows, ImportStatus status, @Nullable ImportPlan plan,
		long createdCount, long updatedCount, long skippedCount, long failedCount, @Nullable String startedBy,
		@Nullable String error, Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt) {

	/** Rows dealt with so far. */
	public long processedRows() {
		return this.createdCount + this.updatedCount + this.skippedCount + this.failedCount;
	}

	/** 0 to 100; 100 once completed. */
	public int percent() {
		if (this.status == ImportStatus.COMPLETED || this.totalRows == 0) {
			return (this.status == ImportStatus.COMPLETED) ? 100 : 0;
		}
		return (int) Math.min(99, processedRows() * 100 / this.totalRows);
	}

}
