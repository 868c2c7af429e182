package com.herald.web.email;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import com.herald.email.EmailOutbox;
import com.herald.email.OutboxEmail;
import com.herald.security.CurrentActor;
import com.herald.web.OutboxPages;
import com.herald.web.PathIds;

/**
 * What the email sandbox "sent": the list, one email with its headers, and its HTML as
 * the recipient would see it.
 */
@Controller
class EmailOutboxController {

	/**
	 * The HTML part runs in a frame under a policy of its own: no scripts, no plugins, no
	 * forms, a unique origin (CSP sandbox), images and styles as a mail client loads
	 * them, framed by Herald's own pages only.
	 */
	static final String HTML_POLICY = "sandbox; default-src 'none'; img-src https: http: data:; "
			+ "style-src 'unsafe-inline' https:; font-src https: data:; frame-ancestors 'self'; form-action 'none'";

	private final EmailOutbox outbox;

	private final CurrentActor currentActor;

	EmailOutboxController(EmailOutbox outbox, CurrentActor currentActor) {
		this.outbox = outbox;
		this.currentActor = currentActor;
	}

	@GetMapping("/outbox/email")
	@PreAuthorize(OutboxPages.READERS)
	String list(@RequestParam(name = "page", defaultValue = "1") int page, HttpServletRequest request, Model model) {
		OutboxPages.list(this.outbox::list, this.currentActor.get(request), page, request, model, "emails");
		return "outbox/email";
	}

	@GetMapping("/outbox/email/{id}")
	@PreAuthorize(OutboxPages.READERS)
	String show(@PathVariable String id, HttpServletRequest request, Model model) {
		model.addAttribute("email", this.outbox.get(this.currentActor.get(request), PathIds.uuid("Email", id)));
		return "outbox/email-detail";
	}

	@GetMapping(path = "/outbox/email/{id}/html", produces = MediaType.TEXT_HTML_VALUE)
	@PreAuthorize(OutboxPages.READERS)
	@ResponseBody
	String html(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) {
		UUID emailId = PathIds.uuid("Email", id);
		OutboxEmail email = this.outbox.get(this.currentActor.get(request), emailId);
		// set before the body: Spring Security keeps a policy the response already has
		response.setHeader("Content-Security-Policy", HTML_POLICY);
		response.setHeader("Cache-Control", "no-store");
		return (email.html() != null) ? email.html() : "<pre>" + escape(email.text()) + "</pre>";
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
