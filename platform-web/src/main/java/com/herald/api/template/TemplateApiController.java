package com.herald.api.template;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import com.herald.api.ApiPage;
import com.herald.contact.ContactId;
import com.herald.security.CurrentActor;
import com.herald.template.MessageTemplate;
import com.herald.template.TemplateService;

/**
 * The tenant's message templates: tenant admins create, replace and delete them; store
 * managers and compliance officers read and preview them (store managers with their
 * stores' contacts). A body with a Liquid syntax error or an unknown variable is refused
 * with 400 and the field's message.
 */
@RestController
@RequestMapping("/api/v1/templates")
@Tag(name = "Templates", description = "Message templates with Liquid personalisation, and previews")
class TemplateApiController {

	private static final String READERS = "hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER', 'COMPLIANCE_OFFICER')";

	private final TemplateService templates;

	private final CurrentActor currentActor;

	TemplateApiController(TemplateService templates, CurrentActor currentActor) {
		this.templates = templates;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize(READERS)
	@Operation(summary = "List templates by name")
	public ApiPage<TemplateResponse> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, HttpServletRequest request) {
		return ApiPage.of(
				this.templates.list(this.currentActor.get(request), ApiPage.request(page, size, Sort.by("name"))),
				TemplateResponse::of);
	}

	@GetMapping("/{id}")
	@PreAuthorize(READERS)
	public TemplateResponse get(@PathVariable UUID id, HttpServletRequest request) {
		return TemplateResponse.of(this.templates.get(this.currentActor.get(request), id));
	}

	@PostMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	@Operation(summary = "Create a template (400 with the body's syntax error or unknown variable)")
	public ResponseEntity<TemplateResponse> create(@RequestBody TemplateRequest body, HttpServletRequest request) {
		MessageTemplate template = this.templates.create(this.currentActor.get(request), body.toDraft());
		return ResponseEntity.created(
				ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(template.id()).toUri())
			.body(TemplateResponse.of(template));
	}

	@PutMapping("/{id}")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	@Operation(summary = "Replace a template")
	public TemplateResponse update(@PathVariable UUID id, @RequestBody TemplateRequest body,
			HttpServletRequest request) {
		return TemplateResponse.of(this.templates.update(this.currentActor.get(request), id, body.toDraft()));
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public ResponseEntity<Void> delete(@PathVariable UUID id, HttpServletRequest request) {
		this.templates.delete(this.currentActor.get(request), id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/preview")
	@PreAuthorize(READERS)
	@Operation(summary = "Render a template for one of the caller's contacts")
	public TemplatePreviewResponse preview(@PathVariable UUID id, @RequestParam UUID contactId,
			HttpServletRequest request) {
		return TemplatePreviewResponse
			.of(this.templates.preview(this.currentActor.get(request), id, new ContactId(contactId)));
	}

}
