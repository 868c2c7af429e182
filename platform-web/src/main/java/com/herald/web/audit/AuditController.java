package com.herald.web.audit;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.audit.AuditEvent;
import com.herald.audit.AuditExportFormat;
import com.herald.audit.AuditFilter;
import com.herald.audit.AuditPage;
import com.herald.audit.AuditService;
import com.herald.audit.ChainVerification;
import com.herald.download.Downloads;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.tenancy.Store;
import com.herald.tenancy.StoreService;

/**
 * The audit log page: filter (htmx swaps the results and pushes the URL, so back and
 * reload work), keyset paging to older events, an event's detail, streamed CSV and JSON
 * Lines downloads with the current filter, and a check of the hash chain. Tenant admins
 * and compliance officers see their tenant's chain, super admins the platform's.
 */
@Controller
@RequestMapping("/audit")
class AuditController {

	static final String READERS = "hasAnyRole('TENANT_ADMIN','COMPLIANCE_OFFICER','SUPER_ADMIN')";

	/**
	 * A large export outlives the servlet container's default async timeout (30 s); a
	 * client that stops reading fails the write long before this.
	 */
	static final Duration EXPORT_TIMEOUT = Duration.ofHours(1);

	private static final int PAGE_SIZE = 50;

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneOffset.UTC);

	private final AuditService audit;

	private final StoreService stores;

	private final CurrentActor currentActor;

	private final JsonMapper json = JsonMapper.builder().build();

	AuditController(AuditService audit, StoreService stores, CurrentActor currentActor) {
		this.audit = audit;
		this.stores = stores;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize(READERS)
	String list(AuditFilterForm filter, HtmxRequest htmx, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		// the same URL answers with a page or a fragment: caches must keep them apart
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		Actor actor = this.currentActor.get(request);
		Map<UUID, String> storeNames = storeNames(actor);
		model.addAttribute("filter", filter);
		model.addAttribute("storeNames", storeNames);
		model.addAttribute("platformChain", actor.tenantId() == null);
		model.addAttribute("utc", UTC);
		String base = request.getContextPath() + "/audit";
		String query = filter.query();
		model.addAttribute("csvUrl", base + "/export?format=csv" + (query.isEmpty() ? "" : "&" + query));
		model.addAttribute("jsonlUrl", base + "/export?format=jsonl" + (query.isEmpty() ? "" : "&" + query));
		model.addAttribute("newestUrl", base + (query.isEmpty() ? "" : "?" + query));
		try {
			AuditFilter criteria = filter.toFilter();
			Long cursor = filter.cursorValue();
			AuditPage page = this.audit.search(actor, criteria, cursor, PAGE_SIZE);
			model.addAttribute("page", page);
			model.addAttribute("older", cursor != null);
			if (page.nextCursor() != null) {
				model.addAttribute("olderUrl",
						base + "?" + (query.isEmpty() ? "" : query + "&") + "cursor=" + page.nextCursor());
			}
		}
		catch (InvalidInputException ex) {
			model.addAttribute("fieldErrors", ex.getFieldErrors());
			response.setStatus((htmx.isHtmxRequest()) ? HttpStatus.OK.value() : HttpStatus.BAD_REQUEST.value());
		}
		return (htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest()) ? "audit/list :: results" : "audit/list";
	}

	@GetMapping("/{seq}")
	@PreAuthorize(READERS)
	String detail(@PathVariable long seq, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		AuditEvent event = this.audit.get(actor, seq);
		model.addAttribute("event", event);
		model.addAttribute("utc", UTC);
		model.addAttribute("platformChain", actor.tenantId() == null);
		model.addAttribute("storeName", (event.storeId() != null) ? storeNames(actor).get(event.storeId()) : null);
		Map<String, String> summary = new LinkedHashMap<>();
		if (event.summary() != null) {
			JsonNode node = this.json.readTree(event.summary());
			for (String part : List.of("before", "after")) {
				if (node.has(part)) {
					summary.put(part, pretty(node.get(part)));
				}
			}
			if (summary.isEmpty()) {
				summary.put("summary", pretty(node));
			}
		}
		model.addAttribute("summary", summary);
		return "audit/detail";
	}

	@GetMapping("/export")
	@PreAuthorize(READERS)
	ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "csv") String format,
			AuditFilterForm filter, HttpServletRequest request) {
		Actor actor = this.currentActor.get(request);
		AuditExportFormat exportFormat;
		AuditFilter criteria;
		try {
			exportFormat = AuditExportFormat.of(format);
			criteria = filter.toFilter();
		}
		catch (InvalidInputException ex) {
			// back to the page, which shows what is wrong with the filter
			String query = filter.query();
			return ResponseEntity.status(HttpStatus.SEE_OTHER)
				.header(HttpHeaders.LOCATION,
						request.getContextPath() + "/audit" + (query.isEmpty() ? "" : "?" + query))
				.build();
		}
		Downloads.allowLongStream(request, EXPORT_TIMEOUT);
		String fileName = "audit-" + ((actor.tenantId() != null) ? actor.tenantId() : "platform") + "-"
				+ FILE_TIME.format(java.time.Instant.now()) + "." + exportFormat.extension();
		StreamingResponseBody body = (out) -> this.audit.export(actor, criteria, exportFormat, out);
		return Downloads.attachment(fileName, exportFormat.contentType())
			.header("X-Content-Type-Options", "nosniff")
			.body(body);
	}

	@PostMapping("/verify")
	@PreAuthorize(READERS)
	String verify(HtmxRequest htmx, HttpServletRequest request, Model model, RedirectAttributes redirect) {
		ChainVerification result = this.audit.verify(this.currentActor.get(request));
		if (htmx.isHtmxRequest()) {
			model.addAttribute("verification", result);
			return "audit/list :: verification";
		}
		if (result.intact()) {
			redirect.addFlashAttribute("flashSuccess",
					"The audit chain is intact: " + result.eventsChecked() + " events checked.");
		}
		else {
			redirect.addFlashAttribute("flashError", "The audit chain is broken at " + result.firstBreak().description()
					+ ". " + result.eventsChecked() + " events checked.");
		}
		return "redirect:/audit";
	}

	@ExceptionHandler(NotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound() {
		return "error/404";
	}

	private Map<UUID, String> storeNames(Actor actor) {
		Map<UUID, String> names = new LinkedHashMap<>();
		if (actor.tenantId() != null) {
			for (Store store : this.stores.listAll(actor.tenantId())) {
				names.put(store.getId().value(), store.getName());
			}
		}
		return names;
	}

	private @Nullable String pretty(@Nullable JsonNode node) {
		return (node != null) ? this.json.writerWithDefaultPrettyPrinter().writeValueAsString(node) : null;
	}

}
