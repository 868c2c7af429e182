package com.herald.web.template;

import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.consent.Channel;
import com.herald.contact.ContactId;
import com.herald.contact.ContactQuery;
import com.herald.contact.ContactService;
import com.herald.contact.ContactSummary;
import com.herald.security.CurrentActor;
import com.herald.template.MessageTemplate;
import com.herald.template.TemplatePreview;
import com.herald.template.TemplateService;
import com.herald.template.TemplateVariables;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.Role;
import com.herald.web.Forms;
import com.herald.web.Option;
import com.herald.web.Paging;
import com.herald.web.compose.SmsComposer;

/**
 * Message templates: the paged list, create and edit with the compose box (live encoding,
 * segments and cost), a preview against a real contact (htmx), and delete. Tenant admins
 * change templates; store managers and compliance officers read and preview them (store
 * managers with their stores' contacts only). Syntax errors and unknown variables come
 * back on the form before anything is saved.
 */
@Controller
@RequestMapping("/templates")
class TemplateController {

	static final String READERS = "hasAnyRole('TENANT_ADMIN','STORE_MANAGER','COMPLIANCE_OFFICER')";

	static final String ADMINS = "hasRole('TENANT_ADMIN')";

	private static final int PREVIEW_CHOICES = 10;

	private final TemplateService templates;

	private final ContactService contacts;

	private final SmsComposer composer;

	private final CurrentActor currentActor;

	TemplateController(TemplateService templates, ContactService contacts, SmsComposer composer,
			CurrentActor currentActor) {
		this.templates = templates;
		this.contacts = contacts;
		this.composer = composer;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize(READERS)
	String list(@RequestParam(name = "page", defaultValue = "1") int page, HttpServletRequest request, Model model) {
		Page<MessageTemplate> found = this.templates.list(this.currentActor.get(request),
				Paging.request(page, Sort.by("name")));
		model.addAttribute("templates", found.getContent());
		model.addAttribute("paging", Paging.of(found, request));
		return "templates/list";
	}

	@GetMapping("/new")
	@PreAuthorize(ADMINS)
	String newTemplate(HttpServletRequest request, Model model) {
		return form(model, TemplateForm.empty(), null, this.currentActor.get(request));
	}

	@PostMapping
	@PreAuthorize(ADMINS)
	String create(@ModelAttribute("form") TemplateForm form, HttpServletRequest request, Model model,
			RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		try {
			MessageTemplate template = this.templates.create(actor, form.toDraft());
			redirect.addFlashAttribute("flashSuccess", "Template " + template.name() + " is saved.");
			return "redirect:/templates/" + template.id();
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			return form(model, form, null, actor);
		}
	}

	@GetMapping("/{id}")
	@PreAuthorize(READERS)
	String edit(@PathVariable UUID id, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		MessageTemplate template = this.templates.get(actor, id);
		return form(model, TemplateForm.of(template), template, actor);
	}

	@PostMapping("/{id}")
	@PreAuthorize(ADMINS)
	String update(@PathVariable UUID id, @ModelAttribute("form") TemplateForm form, HttpServletRequest request,
			Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		// reading it first gives the 404 page for another tenant's template
		MessageTemplate template = this.templates.get(actor, id);
		try {
			MessageTemplate saved = this.templates.update(actor, id, form.toDraft());
			redirect.addFlashAttribute("flashSuccess", "Template " + saved.name() + " is saved.");
			return "redirect:/templates/" + id;
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			return form(model, form, template, actor);
		}
	}

	@PostMapping("/{id}/delete")
	@PreAuthorize(ADMINS)
	String delete(@PathVariable UUID id, HttpServletRequest request, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		MessageTemplate template = this.templates.get(actor, id);
		this.templates.delete(actor, id);
		redirect.addFlashAttribute("flashSuccess", "Template " + template.name() + " is deleted.");
		return "redirect:/templates";
	}

	/**
	 * The preview panel (htmx): the text being edited rendered for the chosen contact, or
	 * for the first contact matching the search.
	 */
	@PostMapping("/preview")
	@PreAuthorize(READERS)
	String preview(@ModelAttribute("form") TemplateForm form,
			@RequestParam(name = "previewSearch", required = false) @Nullable String search,
			@RequestParam(name = "contactId", required = false) @Nullable String contactId, HttpServletRequest request,
			Model model) {
		Actor actor = this.currentActor.get(request);
		List<ContactSummary> choices = this.contacts
			.list(actor, ContactQuery.firstPage().withSearch(search).withLimit(PREVIEW_CHOICES))
			.items();
		// the chosen contact, unless a new search no longer lists it: then the first
		// match
		ContactId chosen = contactIdOrNull(contactId);
		boolean searching = search != null && !search.isBlank();
		if (chosen == null || (searching
				&& choices.stream().noneMatch((choice) -> choice.id().equals(contactIdOrNull(contactId))))) {
			chosen = choices.isEmpty() ? null : choices.get(0).id();
		}
		model.addAttribute("previewChoices", choices.stream().map(TemplateController::option).toList());
		model.addAttribute("previewSearch", (search != null) ? search : "");
		model.addAttribute("previewContact", (chosen != null) ? chosen.toString() : "");
		if (chosen == null) {
			model.addAttribute("previewMessage", "No contact matches: search by name, email or phone.");
			return "templates/form :: preview";
		}
		try {
			TemplatePreview preview = this.templates.preview(actor, form.subject(), form.bodyText(), chosen);
			model.addAttribute("preview", preview);
		}
		catch (InvalidInputException ex) {
			model.addAttribute("previewMessage", String.join(" ", ex.getFieldErrors().values()));
		}
		return "templates/form :: preview";
	}

	private String form(Model model, TemplateForm form, @Nullable MessageTemplate template, Actor actor) {
		boolean canChange = actor.hasRole(Role.TENANT_ADMIN);
		model.addAttribute("form", form);
		model.addAttribute("template", template);
		model.addAttribute("canChange", canChange);
		model.addAttribute("channels",
				List.of(Channel.values())
					.stream()
					.map((channel) -> new Option(channel.key(), label(channel)))
					.toList());
		model.addAttribute("categories",
				this.templates.categories(actor).stream().map((category) -> new Option(category, category)).toList());
		model.addAttribute("variables", TemplateVariables.names());
		model.addAttribute("smsStats", this.composer.stats(actor, form.bodyText(), "1000", null));
		model.addAttribute("audienceSize", "1000");
		model.addAttribute("previewChoices", List.of());
		model.addAttribute("previewSearch", "");
		model.addAttribute("previewContact", "");
		return "templates/form";
	}

	private static @Nullable ContactId contactIdOrNull(@Nullable String value) {
		try {
			return (value != null && !value.isBlank()) ? new ContactId(UUID.fromString(value.strip())) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static Option option(ContactSummary contact) {
		String name = ((contact.firstName() != null) ? contact.firstName() : "") + " "
				+ ((contact.lastName() != null) ? contact.lastName() : "");
		String reach = (contact.phone() != null) ? contact.phone() : (contact.email() != null) ? contact.email() : "";
		return new Option(contact.id().toString(), (name.isBlank() ? "(no name)" : name.strip()) + " · " + reach);
	}

	private static String label(Channel channel) {
		return switch (channel) {
			case SMS -> "SMS";
			case WHATSAPP -> "WhatsApp";
			case EMAIL -> "Email";
			case PUSH -> "Push";
		};
	}

}
