package com.herald.web.broadcast;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastStateException;
import com.herald.broadcast.BroadcastStatus;
import com.herald.broadcast.RetryResult;
import com.herald.broadcast.TestSendResult;
import com.herald.delivery.BroadcastStats;
import com.herald.delivery.DeliveryState;
import com.herald.delivery.DeliveryTracking;
import com.herald.delivery.RecipientRow;
import com.herald.delivery.Requeued;
import com.herald.pricing.PricingService;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.Role;
import com.herald.web.Forms;
import com.herald.web.Option;
import com.herald.web.Paging;

/**
 * The broadcast list, and each broadcast's page: live counters and send-rate sparkline
 * (polled every two seconds while it can still change), the per-recipient table, dead
 * letters, and the lifecycle buttons (submit, approve or reject with a comment, launch,
 * pause, resume, cancel, test send, duplicate). The service decides who may do what; the
 * page offers only what the viewer's role allows.
 */
@Controller
@RequestMapping("/broadcasts")
class BroadcastController {

	private static final Logger log = LoggerFactory.getLogger(BroadcastController.class);

	static final String READERS = "hasAnyRole('TENANT_ADMIN','STORE_MANAGER','COMPLIANCE_OFFICER')";

	static final String WRITERS = BroadcastWizardController.WRITERS;

	static final String APPROVERS = "hasRole('TENANT_ADMIN')";

	private final BroadcastService broadcasts;

	private final CurrentActor currentActor;

	private final Clock clock;

	BroadcastController(BroadcastService broadcasts, CurrentActor currentActor, Clock clock) {
		this.broadcasts = broadcasts;
		this.currentActor = currentActor;
		this.clock = clock;
	}

	@GetMapping
	@PreAuthorize(READERS)
	String list(@RequestParam(name = "status", required = false) @Nullable String status,
			@RequestParam(name = "page", defaultValue = "1") int page, HttpServletRequest request, Model model) {
		Actor actor = this.currentActor.get(request);
		BroadcastStatus filter = Arrays.stream(BroadcastStatus.values())
			.filter((s) -> s.key().equals(status))
			.findFirst()
			.orElse(null);
		Page<Broadcast> found = this.broadcasts.list(actor, filter, Paging.request(page, Sort.unsorted()));
		model.addAttribute("broadcasts", found.getContent());
		model.addAttribute("paging", Paging.of(found, request));
		model.addAttribute("status", (filter != null) ? filter.key() : "");
		model.addAttribute("statusOptions",
				Arrays.stream(BroadcastStatus.values())
					.map((s) -> new Option(s.key(), BroadcastLabels.statusLabel(s)))
					.toList());
		model.addAttribute("canWrite", canWrite(actor));
		return "broadcasts/list";
	}

	@GetMapping("/{id}")
	@PreAuthorize(READERS)
	String detail(@PathVariable String id, @RequestParam(name = "state", required = false) @Nullable String state,
			@RequestParam(name = "q", required = false) @Nullable String search,
			@RequestParam(name = "page", defaultValue = "1") int page, HtmxRequest htmx, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		Actor actor = this.currentActor.get(request);
		Broadcast broadcast = this.broadcasts.get(actor, BroadcastWizardController.broadcastId(id));
		recipients(model, actor, broadcast, state, search, page, request);
		if (htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest()) {
			return "broadcasts/detail :: recipients";
		}
		return detail(model, actor, broadcast);
	}

	/** The live counters, polled by the broadcast page. */
	@GetMapping("/{id}/stats")
	@PreAuthorize(READERS)
	String stats(@PathVariable String id, HttpServletRequest request, HttpServletResponse response, Model model) {
		response.addHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		Actor actor = this.currentActor.get(request);
		Broadcast broadcast = this.broadcasts.get(actor, BroadcastWizardController.broadcastId(id));
		stats(model, actor, broadcast);
		return "broadcasts/detail :: live";
	}

	@PostMapping("/{id}/submit")
	@PreAuthorize(WRITERS)
	String submit(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		Broadcast submitted = this.broadcasts.submit(this.currentActor.get(request),
				BroadcastWizardController.broadcastId(id));
		redirect.addFlashAttribute("flashSuccess", "Submitted for approval: a tenant admin will review it.");
		return back(submitted);
	}

	/** Schedules it as its schedule says: now, at a time, or over a window. */
	@PostMapping("/{id}/launch")
	@PreAuthorize(WRITERS)
	String launch(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		Broadcast launched = this.broadcasts.schedule(this.currentActor.get(request),
				BroadcastWizardController.broadcastId(id));
		redirect.addFlashAttribute("flashSuccess", "Broadcast launched: it goes out as scheduled.");
		return back(launched);
	}

	@PostMapping("/{id}/approve")
	@PreAuthorize(APPROVERS)
	String approve(@PathVariable String id, @RequestParam(name = "comment", required = false) @Nullable String comment,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		UUID broadcastId = BroadcastWizardController.broadcastId(id);
		try {
			Broadcast approved = this.broadcasts.approve(actor, broadcastId, comment);
			redirect.addFlashAttribute("flashSuccess", "Approved: the broadcast is scheduled.");
			return back(approved);
		}
		catch (InvalidInputException ex) {
			return refusedReview(actor, broadcastId, comment, ex, request, model);
		}
	}

	@PostMapping("/{id}/reject")
	@PreAuthorize(APPROVERS)
	String reject(@PathVariable String id, @RequestParam(name = "comment", required = false) @Nullable String comment,
			HttpServletRequest request, Model model, RedirectAttributes redirect) {
		Actor actor = this.currentActor.get(request);
		UUID broadcastId = BroadcastWizardController.broadcastId(id);
		try {
			Broadcast rejected = this.broadcasts.reject(actor, broadcastId, comment);
			redirect.addFlashAttribute("flashSuccess", "Rejected: the broadcast is back with its author.");
			return back(rejected);
		}
		catch (InvalidInputException ex) {
			return refusedReview(actor, broadcastId, comment, ex, request, model);
		}
	}

	@PostMapping("/{id}/pause")
	@PreAuthorize(WRITERS)
	String pause(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		Broadcast paused = this.broadcasts.pause(this.currentActor.get(request),
				BroadcastWizardController.broadcastId(id));
		redirect.addFlashAttribute("flashSuccess", "Paused: no more messages go out until you resume.");
		return back(paused);
	}

	@PostMapping("/{id}/resume")
	@PreAuthorize(WRITERS)
	String resume(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		Broadcast resumed = this.broadcasts.resume(this.currentActor.get(request),
				BroadcastWizardController.broadcastId(id));
		redirect.addFlashAttribute("flashSuccess", "Resumed.");
		return back(resumed);
	}

	@PostMapping("/{id}/cancel")
	@PreAuthorize(WRITERS)
	String cancel(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		Broadcast cancelled = this.broadcasts.cancel(this.currentActor.get(request),
				BroadcastWizardController.broadcastId(id));
		redirect.addFlashAttribute("flashSuccess", "Cancelled: messages not yet sent will not go out.");
		return back(cancelled);
	}

	@PostMapping("/{id}/duplicate")
	@PreAuthorize(WRITERS)
	String duplicate(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		Broadcast copy = this.broadcasts.duplicate(this.currentActor.get(request),
				BroadcastWizardController.broadcastId(id));
		redirect.addFlashAttribute("flashSuccess", "Copied into a new draft: " + copy.name() + ".");
		return "redirect:/broadcasts/" + copy.id() + "/edit/" + WizardStep.CHANNEL.key();
	}

	@PostMapping("/{id}/test-send")
	@PreAuthorize(WRITERS)
	String testSend(@PathVariable String id, HttpServletRequest request, RedirectAttributes redirect) {
		UUID broadcastId = BroadcastWizardController.broadcastId(id);
		List<TestSendResult> results;
		try {
			results = this.broadcasts.testSend(this.currentActor.get(request), broadcastId);
		}
		catch (InvalidInputException ex) {
			// no test numbers, no message yet: say so on the broadcast's page
			redirect.addFlashAttribute("flashError", String.join(" ", ex.getFieldErrors().values()));
			return "redirect:/broadcasts/" + broadcastId;
		}
		long accepted = results.stream().filter(TestSendResult::accepted).count();
		String failures = String.join("; ",
				results.stream()
					.filter((result) -> !result.accepted())
					.map((result) -> result.to() + ": " + result.error())
					.toList());
		redirect.addFlashAttribute(failures.isEmpty() ? "flashSuccess" : "flashError",
				"Test message sent to " + accepted + " of " + results.size() + " test numbers"
						+ (failures.isEmpty() ? "." : ". Not sent: " + failures));
		return "redirect:/broadcasts/" + broadcastId;
	}

	/** Puts dead letters back in the queue: the ones ticked, or all of them. */
	@PostMapping("/{id}/dead-letters/retry")
	@PreAuthorize(WRITERS)
	String retry(@PathVariable String id,
			@RequestParam(name = "deliveryIds", required = false) @Nullable List<String> deliveryIds,
			HttpServletRequest request, RedirectAttributes redirect) {
		UUID broadcastId = BroadcastWizardController.broadcastId(id);
		List<UUID> ids = (deliveryIds != null) ? deliveryIds.stream().map(BroadcastController::uuid).toList()
				: List.of();
		Requeued done = this.broadcasts.retryDeadLetters(this.currentActor.get(request), broadcastId, ids);
		RetryResult result = new RetryResult(done.requeued(),
				ids.isEmpty() ? done.notRetried() : ids.size() - done.requeued(), done.fellBack(), done.suppressed());
		redirect.addFlashAttribute("flashSuccess",
				result.requeued() + ((result.requeued() == 1) ? " message is" : " messages are") + " back in the queue."
						+ ((result.notRetried() > 0) ? " " + result.whyNotRetried() : ""));
		return "redirect:/broadcasts/" + broadcastId;
	}

	/**
	 * An action the broadcast's state no longer allows (pausing a completed one), or one
	 * that raced another edit: back to its page with the reason.
	 */
	@ExceptionHandler({ BroadcastStateException.class, OptimisticLockingFailureException.class })
	String refused(RuntimeException ex, HttpServletRequest request, RedirectAttributes redirect) {
		log.info("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), ex.getMessage());
		redirect.addFlashAttribute("flashError", (ex instanceof BroadcastStateException) ? ex.getMessage()
				: "Someone else changed the broadcast meanwhile: check it and try again.");
		String[] path = request.getRequestURI().split("/");
		return (path.length > 2) ? "redirect:/broadcasts/" + BroadcastWizardController.broadcastId(path[2])
				: "redirect:/broadcasts";
	}

	private String refusedReview(Actor actor, UUID broadcastId, @Nullable String comment, InvalidInputException ex,
			HttpServletRequest request, Model model) {
		Forms.reject(model, ex);
		model.addAttribute("comment", (comment != null) ? comment : "");
		Broadcast broadcast = this.broadcasts.get(actor, broadcastId);
		recipients(model, actor, broadcast, null, null, 1, request);
		return detail(model, actor, broadcast);
	}

	private String detail(Model model, Actor actor, Broadcast broadcast) {
		stats(model, actor, broadcast);
		model.addAttribute("canApprove", actor.hasRole(Role.TENANT_ADMIN)
				&& broadcast.status() == BroadcastStatus.AWAITING_APPROVAL && !isAuthor(actor, broadcast));
		model.addAttribute("deadLetters",
				this.broadcasts.recipients(actor, broadcast.id(), DeliveryState.FAILED, null, PageRequest.of(0, 50)));
		return "broadcasts/detail";
	}

	private void stats(Model model, Actor actor, Broadcast current) {
		BroadcastStats stats = this.broadcasts.stats(actor, current.id());
		// re-read after the stats, so a status shown is never older than its counters
		Broadcast broadcast = this.broadcasts.get(actor, current.id());
		model.addAttribute("broadcast", broadcast);
		model.addAttribute("stats", stats);
		model.addAttribute("channelStats",
				broadcast.draft().multiChannel() ? this.broadcasts.channelStats(actor, current.id()) : List.of());
		model.addAttribute("sparkline",
				Sparkline.of(stats.perMinute(), this.clock.instant(), DeliveryTracking.SPARKLINE_MINUTES));
		model.addAttribute("currency", PricingService.currency());
		model.addAttribute("live", !broadcast.status().finished() || !stats.finished());
		model.addAttribute("writer", canWrite(actor));
		model.addAttribute("needsApproval",
				this.broadcasts.settings(actor.requireTenant())
					.approval()
					.requiredFor((actor.role() != null) ? actor.role() : Role.TENANT_ADMIN));
	}

	private void recipients(Model model, Actor actor, Broadcast broadcast, @Nullable String state,
			@Nullable String search, int page, HttpServletRequest request) {
		DeliveryState filter = Arrays.stream(DeliveryState.values())
			.filter((s) -> s.key().equals(state))
			.findFirst()
			.orElse(null);
		String q = (search != null) ? search.strip() : "";
		Page<RecipientRow> rows = this.broadcasts.recipients(actor, broadcast.id(), filter, q.isEmpty() ? null : q,
				Paging.request(page, Sort.unsorted()));
		model.addAttribute("recipients", rows.getContent());
		model.addAttribute("recipientPaging", Paging.of(rows, request));
		model.addAttribute("state", (filter != null) ? filter.key() : "");
		model.addAttribute("q", q);
		model.addAttribute("stateOptions",
				Arrays.stream(DeliveryState.values())
					.map((s) -> new Option(s.key(), BroadcastLabels.stateLabel(s)))
					.toList());
	}

	static boolean canWrite(Actor actor) {
		return actor.hasRole(Role.TENANT_ADMIN) || actor.hasRole(Role.STORE_MANAGER);
	}

	private static boolean isAuthor(Actor actor, Broadcast broadcast) {
		return actor.id() != null && actor.id().equals(broadcast.authorId());
	}

	private static String back(Broadcast broadcast) {
		return "redirect:/broadcasts/" + broadcast.id();
	}

	private static UUID uuid(String value) {
		try {
			return UUID.fromString(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("deliveryIds", "Choose dead letters of this broadcast");
		}
	}

}
