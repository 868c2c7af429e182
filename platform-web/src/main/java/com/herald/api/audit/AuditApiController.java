package com.herald.api.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import com.herald.audit.AuditExportFormat;
import com.herald.audit.AuditFilter;
import com.herald.audit.AuditPage;
import com.herald.audit.AuditService;
import com.herald.download.Downloads;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.StoreId;

/**
 * The audit trail over the API: search with cursor paging, one event, a streamed export
 * and a chain check. The same readers as the page: tenant admins and compliance officers
 * (their tenant's chain; API keys of those roles too) and super admins (the platform
 * chain). Bad filters are {@code InvalidInputException}s, which the API turns into
 * problem+json 400s.
 */
@RestController
@RequestMapping("/api/v1/audit-events")
class AuditApiController {

	static final String READERS = "hasAnyRole('TENANT_ADMIN','COMPLIANCE_OFFICER','SUPER_ADMIN')";

	/** A large export outlives the servlet container's default async timeout (30 s). */
	static final Duration EXPORT_TIMEOUT = Duration.ofHours(1);

	private final AuditService audit;

	private final CurrentActor currentActor;

	private final JsonMapper json = JsonMapper.builder().build();

	AuditApiController(AuditService audit, CurrentActor currentActor) {
		this.audit = audit;
		this.currentActor = currentActor;
	}

	/**
	 * Events newest first. {@code from}/{@code to} are ISO-8601 instants
	 * ({@code 2026-11-22T09:30:00Z}); {@code action} ending in {@code .} or {@code *} is
	 * a prefix; {@code actor} is an id or part of a label.
	 */
	@GetMapping
	@PreAuthorize(READERS)
	AuditEventPageResponse list(
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant to,
			@RequestParam(required = false) @Nullable String actor,
			@RequestParam(required = false) @Nullable String action,
			@RequestParam(required = false) @Nullable UUID storeId,
			@RequestParam(required = false) @Nullable String targetType,
			@RequestParam(required = false) @Nullable String targetId,
			@RequestParam(required = false) @Nullable Long cursor,
			@RequestParam(defaultValue = "" + AuditService.DEFAULT_LIMIT) int limit, HttpServletRequest request) {
		AuditPage page = this.audit.search(this.currentActor.get(request),
				filter(from, to, actor, action, storeId, targetType, targetId), cursor, limit);
		return new AuditEventPageResponse(
				page.events().stream().map((event) -> AuditEventResponse.of(event, this.json)).toList(),
				page.nextCursor());
	}

	@GetMapping("/{seq}")
	@PreAuthorize(READERS)
	AuditEventResponse get(@PathVariable long seq, HttpServletRequest request) {
		return AuditEventResponse.of(this.audit.get(this.currentActor.get(request), seq), this.json);
	}

	/**
	 * Every matching event, oldest first, streamed as {@code csv} (RFC 4180) or
	 * {@code jsonl} (one object per line).
	 */
	@GetMapping("/export")
	@PreAuthorize(READERS)
	ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "jsonl") String format,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant to,
			@RequestParam(required = false) @Nullable String actor,
			@RequestParam(required = false) @Nullable String action,
			@RequestParam(required = false) @Nullable UUID storeId,
			@RequestParam(required = false) @Nullable String targetType,
			@RequestParam(required = false) @Nullable String targetId, HttpServletRequest request) {
		Actor caller = this.currentActor.get(request);
		AuditExportFormat exportFormat = AuditExportFormat.of(format);
		// checked here, before the response starts, so a bad filter is a 400 and not a
		// broken download
		AuditFilter filter = filter(from, to, actor, action, storeId, targetType, targetId).validate();
		Downloads.allowLongStream(request, EXPORT_TIMEOUT);
		String fileName = "audit-" + ((caller.tenantId() != null) ? caller.tenantId() : "platform") + "."
				+ exportFormat.extension();
		StreamingResponseBody body = (out) -> this.audit.export(caller, filter, exportFormat, out);
		return Downloads.attachment(fileName, exportFormat.contentType()).body(body);
	}

	@PostMapping("/verify")
	@PreAuthorize(READERS)
	ChainVerificationResponse verify(HttpServletRequest request) {
		return ChainVerificationResponse.of(this.audit.verify(this.currentActor.get(request)));
	}

	private static AuditFilter filter(@Nullable Instant from, @Nullable Instant to, @Nullable String actor,
			@Nullable String action, @Nullable UUID storeId, @Nullable String targetType, @Nullable String targetId) {
		return new AuditFilter(from, to, actor, action, (storeId != null) ? new StoreId(storeId) : null, targetType,
				targetId);
	}

}
