package com.herald.web.compose;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import com.herald.contact.ContactId;
import com.herald.contact.ContactQuery;
import com.herald.contact.ContactService;
import com.herald.contact.ContactSummary;
import com.herald.template.EmailContent;
import com.herald.template.RenderedEmail;
import com.herald.template.TemplateService;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;
import com.herald.web.Option;

/**
 * The email compose box's preview ({@code fragments/compose :: email-preview}): the email
 * being written rendered for a chosen contact of the actor's (or a sample person when
 * there is none), exactly as it would be sent, with its errors beside it before anything
 * is saved.
 */
@Component
public class EmailPreviewer {

	private static final int CHOICES = 10;

	private final TemplateService templates;

	private final ContactService contacts;

	EmailPreviewer(TemplateService templates, ContactService contacts) {
		this.templates = templates;
		this.contacts = contacts;
	}

	/** Fills the model for the preview fragment. */
	public void preview(Actor actor, @Nullable String subject, @Nullable String preheader, @Nullable String html,
			@Nullable String category, @Nullable String contactId, Model model) {
		List<ContactSummary> choices = this.contacts.list(actor, ContactQuery.firstPage().withLimit(CHOICES)).items();
		ContactId chosen = parse(contactId);
		if (chosen == null && !choices.isEmpty()) {
			chosen = choices.get(0).id();
		}
		model.addAttribute("emailPreviewChoices", choices.stream().map(EmailPreviewer::option).toList());
		model.addAttribute("emailPreviewContact", (chosen != null) ? chosen.toString() : "");
		EmailContent content = new EmailContent((subject != null) ? subject : "", preheader,
				(html != null) ? html : "");
		String messageCategory = (category != null && !category.isBlank()) ? category.strip() : "promotional";
		try {
			RenderedEmail rendered = (chosen != null)
					? this.templates.previewEmail(actor, content, messageCategory, chosen).email()
					: this.templates.previewEmailForSample(actor, content, messageCategory);
			model.addAttribute("emailPreview", rendered);
		}
		catch (InvalidInputException ex) {
			model.addAttribute("emailPreviewErrors", ex.getFieldErrors());
		}
		catch (NotFoundException ex) {
			model.addAttribute("emailPreviewErrors", Map.of("contact", "Choose one of the offered contacts"));
		}
	}

	private static @Nullable ContactId parse(@Nullable String value) {
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
		String reach = (contact.email() != null) ? contact.email() : "no email";
		return new Option(contact.id().toString(), (name.isBlank() ? "(no name)" : name.strip()) + " · " + reach);
	}

}
