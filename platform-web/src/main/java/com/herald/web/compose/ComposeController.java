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
 * The compose box's live figures: htmx posts the text (and the audience, when the page
 * has one) as it is typed and swaps in {@code fragments/compose :: sms-stats}.
 */
@Controller
@RequestMapping("/compose")
class ComposeController {

	private final SmsComposer composer;

	private final CurrentActor currentActor;

	ComposeController(SmsComposer composer, CurrentActor currentActor) {
		this.composer = composer;
		this.currentActor = currentActor;
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
