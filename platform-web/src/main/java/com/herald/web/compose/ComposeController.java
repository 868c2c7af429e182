package com.herald.web.compose;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import com.herald.security.CurrentActor;

/**
 * The compose boxes' live parts: htmx posts the SMS text (and the audience, when the page
 * has one) as it is typed and swaps in {@code fragments/compose :: sms-stats}; the email
 * box posts its subject, preheader and HTML and swaps in the preview.
 */
@Controller
@RequestMapping("/compose")
class ComposeController {

	private final SmsComposer composer;

	private final EmailPreviewer emails;

	private final CurrentActor currentActor;

	ComposeController(SmsComposer composer, EmailPreviewer emails, CurrentActor currentActor) {
		this.composer = composer;
		this.emails = emails;
		this.currentActor = currentActor;
	}

	/**
	 * The email being written, rendered for a contact into the sandboxed preview frame,
	 * with its source and plain-text part, or its errors.
	 */
	@PostMapping("/email/preview")
	@PreAuthorize("hasAnyRole('TENANT_ADMIN','STORE_MANAGER','COMPLIANCE_OFFICER')")
	String emailPreview(@RequestParam(name = "subject", required = false) @Nullable String subject,
			@RequestParam(name = "preheader", required = false) @Nullable String preheader,
			@RequestParam(name = "html", required = false) @Nullable String html,
			@RequestParam(name = "category", required = false) @Nullable String category,
			@RequestParam(name = "previewContactId", required = false) @Nullable String contactId,
			HttpServletRequest request, Model model) {
		this.emails.preview(this.currentActor.get(request), subject, preheader, html, category, contactId, model);
		return "fragments/compose :: email-preview";
	}

	@PostMapping("/sms/stats")
	@PreAuthorize("hasAnyRole('TENANT_ADMIN','STORE_MANAGER')")
	String smsStats(@RequestParam(name = "body", required = false) @Nullable String body,
			@RequestParam(name = "audienceSize", required = false) @Nullable String audienceSize,
			@RequestParam(name = "segmentId", required = false) @Nullable String segmentId, HttpServletRequest request,
			Model model) {
		model.addAttribute("smsStats",
				this.composer.stats(this.currentActor.get(request), body, audienceSize, segmentId));
		return "fragments/compose :: sms-stats";
	}

}
