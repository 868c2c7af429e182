package com.herald.api.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import com.herald.api.ApiPage;
import com.herald.imports.ContactImport;
import com.herald.imports.ContactImportService;
import com.herald.imports.ImportId;
import com.herald.imports.ImportPage;
import com.herald.download.Downloads;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.StoreId;

/**
 * CSV imports of contacts over the API: upload a file with its plan (or upload first,
 * read the columns and preview, then start it), follow its progress, download its
 * rejected rows. Tenant admins import into the tenant; store managers into one of their
 * stores, and see their stores' imports only. Another tenant's import answers 404.
 */
@RestController
@RequestMapping("/api/v1/imports")
@Tag(name = "Contact imports", description = "CSV imports of contacts, run in the background")
class ImportApiController {

	private static final String IMPORTERS = "hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER')";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ContactImportService imports;

	private final CurrentActor currentActor;

	ImportApiController(ContactImportService imports, CurrentActor currentActor) {
		this.imports = imports;
		this.currentActor = currentActor;
	}

	@PostMapping
	@PreAuthorize(IMPORTERS)
	@Operation(summary = "Upload a CSV file (multipart/form-data), and start importing it when a plan is given",
			description = "Parts: `file` (the CSV, UTF-8, header row first; comma, semicolon, tab or pipe), "
					+ "`storeId` (the store the contacts go to; store managers must give one of theirs) and "
					+ "`plan` (JSON: {\"columns\": [{\"column\": 0, \"field\": \"email\"}, {\"column\": 3, "
					+ "\"attribute\": \"total_spent\", \"type\": \"number\"}], \"duplicates\": \"skip\"|\"update\", "
					+ "\"consentWording\": \"in-store sign-up form, 2025\", \"consentChannels\": [\"sms\", \"email\"]}). "
					+ "Instead of (or besides) `columns` by position, `mapping` names columns by their header: "
					+ "{\"mapping\": {\"Phone Number\": \"phone\", \"Market\": \"attribute:market:text\"}} "
					+ "(a field, or attribute:<key>:<type>); a header matches exactly, else ignoring case and spaces. "
					+ "Unknown headers or targets are 400 problem+json errors keyed `mapping.<header>`. "
					+ "Without a plan the import waits in status `uploaded`: read its columns and preview, then "
					+ "POST the plan to /api/v1/imports/{id}/start. 201 with the import; poll it for progress.")
	public ResponseEntity<ImportResponse> create(@RequestParam(required = false) @Nullable MultipartFile file,
			@RequestParam(required = false) @Nullable UUID storeId,
			@RequestParam(required = false) @Nullable String plan, HttpServletRequest request) {
		Actor actor = this.currentActor.get(request);
		if (file == null || file.isEmpty()) {
			throw new InvalidInputException("file", "Send the CSV file as the multipart/form-data part named file");
		}
		PlanRequest planRequest = (plan != null && !plan.isBlank()) ? readPlan(plan) : null;
		StoreId store = (storeId != null) ? new StoreId(storeId) : null;
		String name = String.valueOf(file.getOriginalFilename());
		ContactImport result;
		try (InputStream content = file.getInputStream()) {
			result = (planRequest != null)
					? this.imports.uploadAndStart(actor, store, name, content, planRequest::toPlan)
					: this.imports.upload(actor, store, name, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ResponseEntity
			.created(ServletUriComponentsBuilder.fromCurrentRequest()
				.path("/{id}")
				.buildAndExpand(result.id().value())
				.toUri())
			.body(ImportResponse.of(result));
	}

	@PostMapping("/{id}/start")
	@PreAuthorize(IMPORTERS)
	@Operation(summary = "Start an uploaded import with its plan (columns, duplicates, consent)",
			description = "The plan as for POST /api/v1/imports: `columns` by position and/or `mapping` by header "
					+ "name ({\"Phone Number\": \"phone\", \"Market\": \"attribute:market:text\"}), "
					+ "`duplicates`, `consentWording`, `consentChannels`. 400 problem+json per problem, keyed "
					+ "`columns[i]`, `mapping.<header>`, `duplicates`, `consentWording` or `consentChannels`.")
	public ImportResponse start(@PathVariable UUID id, @RequestBody PlanRequest plan, HttpServletRequest request) {
		Actor actor = this.currentActor.get(request);
		ImportId importId = new ImportId(id);
		// the header to resolve named columns against; 404 for another tenant's import
		ContactImport uploaded = this.imports.get(actor, importId);
		return ImportResponse.of(this.imports.start(actor, importId, plan.toPlan(uploaded.header())));
	}

	@GetMapping
	@PreAuthorize(IMPORTERS)
	@Operation(summary = "The tenant's imports, newest first (store managers: their stores')")
	public ApiPage<ImportResponse> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, HttpServletRequest request) {
		ImportPage found = this.imports.list(this.currentActor.get(request), page, size);
		return new ApiPage<>(found.items().stream().map(ImportResponse::of).toList(), found.page(), found.size(),
				found.totalItems(), found.totalPages());
	}

	@GetMapping("/{id}")
	@PreAuthorize(IMPORTERS)
	@Operation(summary = "One import, with its progress and summary")
	public ImportResponse get(@PathVariable UUID id, HttpServletRequest request) {
		return ImportResponse.of(this.imports.get(this.currentActor.get(request), new ImportId(id)));
	}

	@GetMapping(value = "/{id}/rejects", produces = "text/csv")
	@PreAuthorize(IMPORTERS)
	@Operation(summary = "The rows that were not imported, as CSV: line, reason, then the row as read")
	public ResponseEntity<StreamingResponseBody> rejects(@PathVariable UUID id, HttpServletRequest request) {
		Actor actor = this.currentActor.get(request);
		ImportId importId = new ImportId(id);
		// 404 before the body starts
		this.imports.get(actor, importId);
		return Downloads.attachment("import-" + id + "-rejects.csv", Downloads.CSV)
			.body(Downloads.utf8((writer) -> this.imports.writeRejects(actor, importId, writer)));
	}

	private static PlanRequest readPlan(String plan) {
		try {
			return JSON.readValue(plan, PlanRequest.class);
		}
		catch (JacksonException ex) {
			throw new InvalidInputException("plan",
					"Send the plan as JSON: columns or mapping, duplicates, consentWording, consentChannels");
		}
	}

}
