package com.herald.web.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.consent.Channel;
import com.herald.imports.AttributeType;
import com.herald.imports.ColumnMapping;
import com.herald.imports.ContactImport;
import com.herald.imports.ContactImportService;
import com.herald.imports.DuplicatePolicy;
import com.herald.imports.ImportField;
import com.herald.imports.ImportId;
import com.herald.imports.ImportPage;
import com.herald.imports.ImportPlan;
import com.herald.imports.ImportStatus;
import com.herald.download.Downloads;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.Store;
import com.herald.tenancy.StoreId;
import com.herald.tenancy.StoreService;
import com.herald.web.Option;
import com.herald.web.Paging;

/**
 * The import pages: history and upload; then, per import, the mapping form with a preview
 * of the first rows, or its progress (htmx polls the progress fragment every second until
 * the import ends) and summary, and the rejects download. Tenant admins and store
 * managers (their stores' imports).
 */
@Controller
@RequestMapping("/imports")
class ImportController {

	static final String IMPORTERS = "hasAnyRole('TENANT_ADMIN','STORE_MANAGER')";

	private static final java.time.format.DateTimeFormatter UTC = java.time.format.DateTimeFormatter
		.ofPattern("yyyy-MM-dd HH:mm")
		.withZone(java.time.ZoneOffset.UTC);

	private final ContactImportService imports;

	private final StoreService stores;

	private final CurrentActor currentActor;

	ImportController(ContactImportService imports, StoreService stores, CurrentActor currentActor) {
		this.imports = imports;
		this.stores = stores;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize(IMPORTERS)
	String list(@RequestParam(defaultValue = "1") int page, HttpServletRequest request, Model model) {
		return list(this.currentActor.get(request), page, request, model);
	}

	@PostMapping
	@PreAuthorize(IMPORTERS)
	String upload(@RequestParam(required = false) @Nullable MultipartFile file,
			@RequestParam(required = false) @Nullable String storeId, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		Actor actor = this.currentActor.get(request);
		try {
			if (file == null || file.isEmpty()) {
				throw new InvalidInputException("file", "Choose a CSV file to upload");
			}
			StoreId store = storeId(storeId);
			ContactImport uploaded;
			try (InputStream content = file.getInputStream()) {
				uploaded = this.imports.upload(actor, store, String.valueOf(file.getOriginalFilename()), content);
			}
			return "redirect:/imports/" + uploaded.id();
		}
		catch (InvalidInputException ex) {
			model.addAttribute("errors", ex.getFieldErrors());
			model.addAttribute("selectedStore", (storeId != null) ? storeId : "");
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return list(actor, 1, request, model);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@GetMapping("/{id}")
	@PreAuthorize(IMPORTERS)
	String detail(@PathVariable UUID id, HtmxRequest htmx, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		ContactImport job = this.imports.get(this.currentActor.get(request), new ImportId(id));
		model.addAttribute("job", job);
		if (htmx.isHtmxRequest()) {
			return "imports/detail :: progress";
		}
		if (job.status() == ImportStatus.UPLOADED) {
			mappingForm(job, defaults(job), model);
		}
		return "imports/detail";
	}

	@PostMapping("/{id}/start")
	@PreAuthorize(IMPORTERS)
	String start(@PathVariable UUID id, @RequestParam MultiValueMap<String, String> form, HttpServletRequest request,
			HttpServletResponse response, Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		ImportId importId = new ImportId(id);
		ContactImport job = this.imports.get(actor, importId);
		try {
			this.imports.start(actor, importId, plan(job, form));
			redirect.addFlashAttribute("flashSuccess", "The import has started. You can leave this page: it goes on.");
			return "redirect:/imports/" + id;
		}
		catch (InvalidInputException ex) {
			model.addAttribute("job", this.imports.get(actor, importId));
			model.addAttribute("errors", ex.getFieldErrors());
			mappingForm(job, form, model);
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return "imports/detail";
		}
	}

	@GetMapping("/{id}/rejects")
	@PreAuthorize(IMPORTERS)
	ResponseEntity<StreamingResponseBody> rejects(@PathVariable UUID id, HttpServletRequest request) {
		Actor actor = this.currentActor.get(request);
		ImportId importId = new ImportId(id);
		// 404 before the body starts
		this.imports.get(actor, importId);
		return Downloads.attachment("import-" + id + "-rejects.csv", Downloads.CSV)
			.body(Downloads.utf8((writer) -> this.imports.writeRejects(actor, importId, writer)));
	}

	private String list(Actor actor, int page, HttpServletRequest request, Model model) {
		int index = Math.max(page, 1) - 1;
		ImportPage found = this.imports.list(actor, index, Paging.SIZE);
		model.addAttribute("imports", found.items());
		model.addAttribute("paging", Paging
			.of(new PageImpl<>(found.items(), PageRequest.of(index, Paging.SIZE), found.totalItems()), request));
		Map<String, String> names = storeNames(actor);
		model.addAttribute("storeNames", names);
		model.addAttribute("storeOptions",
				names.entrySet().stream().map((e) -> new Option(e.getKey(), e.getValue())).toList());
		model.addAttribute("storeRequired", actor.hasRole(com.herald.tenancy.Role.STORE_MANAGER));
		model.addAttribute("utc", UTC);
		model.addAttribute("maxMegabytes", this.imports.maxFileBytes() / (1024 * 1024));
		return "imports/list";
	}

	private Map<String, String> storeNames(Actor actor) {
		Map<String, String> names = new LinkedHashMap<>();
		this.stores.listAll(actor.requireTenant())
			.stream()
			.filter((store) -> actor.canActOnStore(store.getId()))
			.sorted(Comparator.comparing(Store::getName))
			.forEach((store) -> names.put(store.getId().toString(), store.getName()));
		return names;
	}

	private static @Nullable StoreId storeId(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return new StoreId(UUID.fromString(value.strip()));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("storeId", "Choose one of the stores");
		}
	}

	// ---------------------------------------------------------------- mapping form

	/**
	 * The form's first state: a field guessed from each header, attribute keys from the
	 * names.
	 */
	private static MultiValueMap<String, String> defaults(ContactImport job) {
		MultiValueMap<String, String> form = new org.springframework.util.LinkedMultiValueMap<>();
		for (int i = 0; i < job.header().size(); i++) {
			String header = job.header().get(i);
			form.add("target-" + i, ImportField.guess(header).map(ImportField::key).orElse(""));
			form.add("attribute-" + i, attributeKey(header));
			form.add("type-" + i, AttributeType.TEXT.key());
		}
		form.add("duplicates", DuplicatePolicy.SKIP.key());
		return form;
	}

	private static void mappingForm(ContactImport job, MultiValueMap<String, String> form, Model model) {
		List<MappingRow> rows = new ArrayList<>();
		for (int i = 0; i < job.header().size(); i++) {
			List<String> samples = new ArrayList<>();
			for (List<String> row : job.preview()) {
				samples.add((i < row.size()) ? row.get(i) : "");
			}
			rows.add(new MappingRow(i, job.header().get(i), samples, value(form, "target-" + i),
					value(form, "attribute-" + i), value(form, "type-" + i)));
		}
		List<Option> targets = new ArrayList<>();
		targets.add(new Option("", "Ignore this column"));
		for (ImportField field : ImportField.values()) {
			targets.add(new Option(field.key(), field.label()));
		}
		targets.add(new Option("attribute", "Attribute…"));
		model.addAttribute("mapping", rows);
		model.addAttribute("targets", targets);
		model.addAttribute("types", List.of(new Option("text", "Text"), new Option("number", "Number"),
				new Option("date", "Date (2025-03-31)"), new Option("boolean", "Yes/no")));
		model.addAttribute("duplicates", value(form, "duplicates"));
		model.addAttribute("consentWording", value(form, "consentWording"));
		List<String> channels = form.getOrDefault("consentChannels", List.of());
		model.addAttribute("consentChannels", channels);
		model.addAttribute("channelOptions",
				List.of(new Option("sms", "SMS"), new Option("whatsapp", "WhatsApp"), new Option("email", "Email")));
	}

	private static ImportPlan plan(ContactImport job, MultiValueMap<String, String> form) {
		List<ColumnMapping> columns = new ArrayList<>();
		Map<String, String> errors = new LinkedHashMap<>();
		for (int i = 0; i < job.header().size(); i++) {
			String target = value(form, "target-" + i);
			if (target.isEmpty()) {
				continue;
			}
			if ("attribute".equals(target)) {
				try {
					columns.add(ColumnMapping.attribute(i, value(form, "attribute-" + i).strip(),
							AttributeType.fromKey(value(form, "type-" + i))));
				}
				catch (InvalidInputException ex) {
					errors.put("columns[" + i + "]", "Choose the attribute's type");
				}
				continue;
			}
			int column = i;
			ImportField.fromKey(target)
				.ifPresentOrElse((field) -> columns.add(ColumnMapping.field(column, field)),
						() -> errors.put("columns[" + column + "]", "Choose a field"));
		}
		DuplicatePolicy duplicates = DuplicatePolicy.SKIP;
		try {
			duplicates = DuplicatePolicy.fromKey(value(form, "duplicates"));
		}
		catch (InvalidInputException ex) {
			errors.putAll(ex.getFieldErrors());
		}
		Set<Channel> channels = EnumSet.noneOf(Channel.class);
		for (String channel : form.getOrDefault("consentChannels", List.of())) {
			try {
				channels.add(Channel.fromKey(channel));
			}
			catch (InvalidInputException ex) {
				errors.put("consentChannels", "Choose SMS, WhatsApp or email");
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return new ImportPlan(columns, duplicates, value(form, "consentWording"), channels);
	}

	private static String value(MultiValueMap<String, String> form, String name) {
		String value = form.getFirst(name);
		return (value != null) ? value : "";
	}

	/** {@code Total Spent ($)} → {@code total_spent}. */
	static String attributeKey(String header) {
		String key = header.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
		if (key.isEmpty() || !Character.isLetter(key.charAt(0))) {
			key = "column_" + key;
		}
		return (key.length() > 63) ? key.substring(0, 63) : key;
	}

	/** One column of the mapping form. */
	record MappingRow(int index, String header, List<String> samples, String target, String attribute, String type) {

	}

}
