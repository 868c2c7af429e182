package com.herald.api.imports;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;
import com.herald.imports.ColumnMapping;
import com.herald.imports.ContactImport;
import com.herald.imports.ImportPlan;

/**
 * An import: its file, how it is mapped, and how far it got.
 *
 * @param status uploaded (waiting for a plan), queued, running, completed or failed
 * @param percent 0 to 100
 * @param rejectsUrl where the rejected rows download as CSV
 */
record ImportResponse(UUID id, String status, @Nullable UUID storeId, String fileName, long fileBytes,
		List<String> columns, List<List<String>> preview, long totalRows, long processedRows, int percent, long created,
		long updated, long skipped, long failed, @Nullable PlanResponse plan, @Nullable String startedBy,
		@Nullable String error, Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt,
		String rejectsUrl) {

	record PlanResponse(List<ColumnRequest> columns, String duplicates, @Nullable String consentWording,
			List<String> consentChannels) {

		static PlanResponse of(ImportPlan plan) {
			return new PlanResponse(plan.columns().stream().map(PlanResponse::column).toList(), plan.duplicates().key(),
					plan.consentWording(), plan.consentChannels().stream().map(Channel::key).sorted().toList());
		}

		private static ColumnRequest column(ColumnMapping mapping) {
			return (mapping.field() != null) ? new ColumnRequest(mapping.column(), mapping.field().key(), null, null)
					: new ColumnRequest(mapping.column(), null, mapping.attribute(), mapping.type().key());
		}

	}

	static ImportResponse of(ContactImport job) {
		return new ImportResponse(job.id().value(), job.status().key(),
				(job.storeId() != null) ? job.storeId().value() : null, job.fileName(), job.fileBytes(), job.header(),
				job.preview(), job.totalRows(), job.processedRows(), job.percent(), job.createdCount(),
				job.updatedCount(), job.skippedCount(), job.failedCount(),
				(job.plan() != null) ? PlanResponse.of(job.plan()) : null, job.startedBy(), job.error(),
				job.createdAt(), job.startedAt(), job.finishedAt(), "/api/v1/imports/" + job.id() + "/rejects");
	}

}
