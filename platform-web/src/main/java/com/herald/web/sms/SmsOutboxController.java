package com.herald.web.sms;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import com.herald.security.CurrentActor;
import com.herald.sms.OutboxMessage;
import com.herald.sms.SmsOutbox;
import com.herald.web.Paging;

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
	@PreAuthorize("hasAnyRole('TENANT_ADMIN','STORE_MANAGER','COMPLIANCE_OFFICER')")
	String list(@RequestParam(name = "page", defaultValue = "1") int page, HttpServletRequest request, Model model) {
		Page<OutboxMessage> found = this.outbox.list(this.currentActor.get(request),
				Paging.request(page, Sort.unsorted()));
		model.addAttribute("messages", found.getContent());
		model.addAttribute("paging", Paging.of(found, request));
		return "outbox/sms";
	}

}
