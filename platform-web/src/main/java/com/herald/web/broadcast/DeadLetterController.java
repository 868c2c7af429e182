package com.herald.web.broadcast;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.broadcast.DeadLetterFilter;
import com.herald.broadcast.DeadLetterPage;
import com.herald.broadcast.DeadLetterService;
import com.herald.broadcast.RetryResult;
import com.herald.consent.Channel;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.web.Forms;

/**
 * The dead-letter page: the tenant's failed deliveries across broadcasts, filtered, 50 at
 * a time with keyset paging to older ones, and retried one, the ticked ones, or all that
 * match, each after a confirmation; the result is shown on the list.
 */
@Controller
@RequestMapping("/dead-letters")
class DeadLetterController {

	private static final int PAGE_SIZE = 50;

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private final DeadLetterService deadLetters;

	private final CurrentActor currentActor;

	DeadLetterController(DeadLetterService deadLetters, CurrentActor currentActor) {
		this.deadLetters = deadLetters;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize(BroadcastController.READERS)
	String list(DeadLetterFilterForm filter, @RequestParam(required = false) @Nullable String cursor,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		Actor actor = this.currentActor.get(request);
		model.addAttribute("filter", filter);
		model.addAttribute("utc", UTC);
		model.addAttribute("broadcasts", this.deadLetters.broadcastsWithDeadLetters(actor));
		model.addAttribute("channels", Channel.values());
		model.addAttribute("writer", BroadcastController.canWrite(actor));
		String query = filter.query();
		try {
			DeadLetterFilter criteria = filter.toFilter();
			DeadLetterPage page = this.deadLetters.list(actor, criteria, cursor, PAGE_SIZE);
			model.addAttribute("page", page);
			model.addAttribute("matching", this.deadLetters.count(actor, criteria));
			String base = request.getContextPath() + "/dead-letters";
			model.addAttribute("older", cursor != null && !cursor.isBlank());
			model.addAttribute("newestUrl", base + (query.isEmpty() ? "" : "?" + query));
			model.addAttribute("olderUrl", (page.nextCursor() != null)
					? base + "?" + (query.isEmpty() ? "" : query + "&") + "cursor=" + page.nextCursor() : null);
		}
		catch (InvalidInputException ex) {
			Forms.reject(model, ex);
			response.setStatus(HttpStatus.BAD_REQUEST.value());
		}
		return "dead-letters/list";
	}

	/**
	 * Retries one ({@code deliveryId}), the ticked ones ({@code deliveryIds}) or all that
	 * match the filter ({@code all}): first asks to confirm, then retries and goes back
	 * to the list with the result.
	 */
	@PostMapping("/retry")
	@PreAuthorize(BroadcastController.WRITERS)
	String retry(DeadLetterFilterForm filter, @RequestParam(required = false) @Nullable String deliveryId,
			@RequestParam(required = false) @Nullable List<String> deliveryIds,
			@RequestParam(defaultValue = "false") boolean all, @RequestParam(defaultValue = "false") boolean confirmed,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		String back = "redirect:/dead-letters" + (filter.query().isEmpty() ? "" : "?" + filter.query());
		List<UUID> ids = List.of();
		DeadLetterFilter criteria;
		long chosen;
		try {
			criteria = filter.toFilter();
			if (!all) {
				List<String> given = (deliveryId != null) ? List.of(deliveryId)
						: (deliveryIds != null) ? deliveryIds : List.of();
				ids = given.stream().map(DeadLetterController::uuid).toList();
				if (ids.isEmpty()) {
					throw new InvalidInputException("deliveryIds", "Tick the dead letters to retry first");
				}
			}
			chosen = all ? this.deadLetters.count(actor, criteria) : ids.size();
		}
		catch (InvalidInputException ex) {
			redirect.addFlashAttribute("flashError", String.join(" ", ex.getFieldErrors().values()));
			return back;
		}
		if (!confirmed) {
			model.addAttribute("filter", filter);
			model.addAttribute("query", filter.query());
			model.addAttribute("ids", ids);
			model.addAttribute("all", all);
			model.addAttribute("chosen", chosen);
			return "dead-letters/confirm";
		}
		RetryResult result = all ? this.deadLetters.retryMatching(actor, criteria) : this.deadLetters.retry(actor, ids);
		redirect.addFlashAttribute("flashSuccess",
				result.requeued() + ((result.requeued() == 1) ? " message is" : " messages are") + " back in the queue."
						+ ((result.notRetried() > 0) ? " " + result.whyNotRetried() : ""));
		return back;
	}

	private static UUID uuid(String value) {
		try {
			return UUID.fromString(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("deliveryIds", "Choose dead letters from the list");
		}
	}

}
