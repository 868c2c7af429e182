package com.herald.web.sms;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import com.herald.security.CurrentActor;
import com.herald.sms.SmsOutbox;
import com.herald.web.OutboxPages;

/** What the sandbox "sent", with its simulated delivery receipts. */
@Controller
class SmsOutboxController {

	private final SmsOutbox outbox;

	private final CurrentActor currentActor;

	SmsOutboxController(SmsOutbox outbox, CurrentActor currentActor) {
		this.outbox = outbox;
		this.currentActor = currentActor;
	}

	@GetMapping("/outbox/sms")
	@PreAuthorize(OutboxPages.READERS)
	String list(@RequestParam(name = "page", defaultValue = "1") int page, HttpServletRequest request, Model model) {
		OutboxPages.list(this.outbox::list, this.currentActor.get(request), page, request, model, "messages");
		return "outbox/sms";
	}

}
