package com.herald.api.broadcast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.herald.api.ApiPage;
import com.herald.audience.CriteriaJson;
import com.herald.broadcast.Audience;
import com.herald.broadcast.Broadcast;
import com.herald.broadcast.BroadcastDraft;
import com.herald.broadcast.BroadcastReview;
import com.herald.broadcast.BroadcastService;
import com.herald.broadcast.BroadcastSettings;
import com.herald.broadcast.BroadcastStatus;
import com.herald.broadcast.ChannelMode;
import com.herald.broadcast.Schedule;
import com.herald.broadcast.TestSendResult;
import com.herald.consent.Channel;
import com.herald.delivery.BroadcastStats;
import com.herald.delivery.DeliveryState;
import com.herald.delivery.RecipientRow;
import com.herald.delivery.Requeued;
import com.herald.security.CurrentActor;
import com.herald.template.EmailContent;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.StoreId;

/**
 * Broadcasts over REST: everything the wizard, approval and tracking pages do. Tenant
 * admins and store managers (for their stores) write and steer; tenant admins approve and
 * set who needs approval; compliance officers read.
 */
@RestController
@RequestMapping("/api/v1/broadcasts")
@Tag(name = "Broadcasts", description = "Compose, approve, schedule, steer and track broadcasts")
class BroadcastApiController {

	private static final String WRITERS = "hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER')";

	private static final String READERS = "hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER', 'COMPLIANCE_OFFICER')";

	private final BroadcastService broadcasts;

	private final CurrentActor currentActor;

	BroadcastApiController(BroadcastService broadcasts, CurrentActor currentActor) {
		this.broadcasts = broadcasts;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize(READERS)
	@Operation(summary = "Broadcasts, newest first, optionally of one status")
	public ApiPage<Map<String, Object>> list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
			HttpServletRequest request) {
		BroadcastStatus only = (status != null && !status.isBlank()) ? parse("status", status, BroadcastStatus.values())
				: null;
		return ApiPage.of(this.broadcasts.list(this.currentActor.get(request), only,
				ApiPage.request(page, size, Sort.unsorted())), BroadcastApiController::broadcast);
	}

	@PostMapping
	@PreAuthorize(WRITERS)
	@Operation(summary = "Create a draft")
	public ResponseEntity<Map<String, Object>> create(@RequestBody BroadcastRequest body, HttpServletRequest request) {
		Actor actor = this.currentActor.get(request);
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(detail(actor, this.broadcasts.create(actor, draft(body), email(body), body.whatsappBody())));
	}

	@GetMapping("/{id}")
	@PreAuthorize(READERS)
	@Operation(summary = "One broadcast")
	public Map<String, Object> get(@PathVariable UUID id, HttpServletRequest request) {
		Actor actor = this.currentActor.get(request);
		return detail(actor, this.broadcasts.get(actor, id));
	}

	@PutMapping("/{id}")
	@PreAuthorize(WRITERS)
	@Operation(summary = "Change a broadcast that has not started; a submitted or scheduled one goes back to draft"
			+ " and needs approval again")
	public Map<String, Object> update(@PathVariable UUID id, @RequestBody BroadcastRequest body,
			HttpServletRequest request) {
		Actor actor = this.currentActor.get(request);
		return detail(actor,
				this.broadcasts.update(actor, id, draft(body), email(body), body.whatsappBody(), body.version()));
	}

	@PostMapping("/{id}/submit")
	@PreAuthorize(WRITERS)
	@Operation(summary = "Submit a draft for a tenant admin's approval")
	public Map<String, Object> submit(@PathVariable UUID id, HttpServletRequest request) {
		return broadcast(this.broadcasts.submit(this.currentActor.get(request), id));
	}

	@PostMapping("/{id}/approve")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	@Operation(summary = "Approve a submitted broadcast (not its author), which schedules it")
	public Map<String, Object> approve(@PathVariable UUID id, @RequestBody(required = false) @Nullable Comment body,
			HttpServletRequest request) {
		return broadcast(
				this.broadcasts.approve(this.currentActor.get(request), id, (body != null) ? body.comment() : null));
	}

	@PostMapping("/{id}/reject")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	@Operation(summary = "Send a submitted broadcast back to its author with a comment")
	public Map<String, Object> reject(@PathVariable UUID id, @RequestBody(required = false) @Nullable Comment body,
			HttpServletRequest request) {
		return broadcast(this.broadcasts.reject(this.currentActor.get(request), id,
				(body != null && body.comment() != null) ? body.comment() : ""));
	}

	@PostMapping("/{id}/schedule")
	@PreAuthorize(WRITERS)
	@Operation(summary = "Schedule a draft as its schedule says (409 when it needs approval)")
	public Map<String, Object> schedule(@PathVariable UUID id, HttpServletRequest request) {
		return broadcast(this.broadcasts.schedule(this.currentActor.get(request), id));
	}

	@PostMapping("/{id}/launch")
	@PreAuthorize(WRITERS)
	@Operation(summary = "Send a draft now (409 when it needs approval)")
	public Map<String, Object> launch(@PathVariable UUID id, HttpServletRequest request) {
		return broadcast(this.broadcasts.launchNow(this.currentActor.get(request), id));
	}

	@PostMapping("/{id}/pause")
	@PreAuthorize(WRITERS)
	@Operation(summary = "Pause sending (takes effect within 2 seconds)")
	public Map<String, Object> pause(@PathVariable UUID id, HttpServletRequest request) {
		return broadcast(this.broadcasts.pause(this.currentActor.get(request), id));
	}

	@PostMapping("/{id}/resume")
	@PreAuthorize(WRITERS)
	@Operation(summary = "Resume a paused broadcast")
	public Map<String, Object> resume(@PathVariable UUID id, HttpServletRequest request) {
		return broadcast(this.broadcasts.resume(this.currentActor.get(request), id));
	}

	@PostMapping("/{id}/cancel")
	@PreAuthorize(WRITERS)
	@Operation(summary = "Cancel for good: deliveries not yet sent are skipped")
	public Map<String, Object> cancel(@PathVariable UUID id, HttpServletRequest request) {
		return broadcast(this.broadcasts.cancel(this.currentActor.get(request), id));
	}

	@PostMapping("/{id}/duplicate")
	@PreAuthorize(WRITERS)
	@Operation(summary = "Copy into a new draft")
	public ResponseEntity<Map<String, Object>> duplicate(@PathVariable UUID id, HttpServletRequest request) {
		Actor actor = this.currentActor.get(request);
		return ResponseEntity.status(HttpStatus.CREATED).body(detail(actor, this.broadcasts.duplicate(actor, id)));
	}

	@PostMapping("/{id}/test-send")
	@PreAuthorize(WRITERS)
	@Operation(summary = "Send the message to the tenant's test numbers now")
	public List<TestSendResult> testSend(@PathVariable UUID id, HttpServletRequest request) {
		return this.broadcasts.testSend(this.currentActor.get(request), id);
	}

	@GetMapping("/{id}/review")
	@PreAuthorize(READERS)
	@Operation(summary = "What launching now would do: matched, excluded by reason, estimates, warnings")
	public Map<String, Object> review(@PathVariable UUID id, HttpServletRequest request) {
		BroadcastReview review = this.broadcasts.review(this.currentActor.get(request), id);
		Map<String, Long> excluded = new LinkedHashMap<>();
		review.excluded().forEach((reason, count) -> excluded.put(reason.key(), count));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("matched", review.matched());
		body.put("excluded", excluded);
		body.put("estimated", review.estimated());
		body.put("estimatedCostMicros", review.estimatedCostMicros());
		body.put("estimatedDurationSeconds", review.estimatedDuration().toSeconds());
		body.put("warnings", review.warnings());
		body.put("channels", review.channels().stream().map((channel) -> {
			Map<String, Object> one = new LinkedHashMap<>();
			one.put("channel", channel.channel().key());
			one.put("reachable", channel.reachable());
			Map<String, Long> reasons = new LinkedHashMap<>();
			channel.excluded().forEach((reason, count) -> reasons.put(reason.key(), count));
			one.put("excluded", reasons);
			one.put("deliveries", channel.deliveries());
			one.put("estimatedCostMicros", channel.estimatedCostMicros());
			return one;
		}).toList());
		return body;
	}

	@GetMapping("/{id}/channel-stats")
	@PreAuthorize(READERS)
	@Operation(summary = "Counters per channel (from rollups), in the broadcast's channel order: reachable,"
			+ " excluded by reason, deliveries and their progress, cost; in fallback mode, recipients who fell back"
			+ " to a later channel (fellBack) and deliveries queued by fallback (fallbacks, part of total)")
	public List<Map<String, Object>> channelStats(@PathVariable UUID id, HttpServletRequest request) {
		return this.broadcasts.channelStats(this.currentActor.get(request), id).stream().map((stats) -> {
			Map<String, Object> one = new LinkedHashMap<>();
			one.put("channel", stats.channel().key());
			one.put("reachable", stats.reachable());
			one.put("excluded", stats.excluded());
			one.put("exclusions", stats.exclusions());
			one.put("total", stats.total());
			one.put("queued", stats.queued());
			one.put("sent", stats.sent());
			one.put("delivered", stats.delivered());
			one.put("undelivered", stats.undelivered());
			one.put("pending", stats.pending());
			one.put("failed", stats.failed());
			one.put("skipped", stats.skipped());
			one.put("costMicros", stats.costMicros());
			one.put("fellBack", stats.fellBack());
			one.put("fallbacks", stats.fallbacks());
			return one;
		}).toList();
	}

	@GetMapping("/{id}/stats")
	@PreAuthorize(READERS)
	@Operation(summary = "Live counters (from rollups) and the per-minute send counts of the last hour")
	public BroadcastStats stats(@PathVariable UUID id, HttpServletRequest request) {
		return this.broadcasts.stats(this.currentActor.get(request), id);
	}

	@GetMapping("/{id}/recipients")
	@PreAuthorize(READERS)
	@Operation(summary = "Deliveries, optionally of one status, searched by address or name prefix")
	public ApiPage<RecipientRow> recipients(@PathVariable UUID id,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String search, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size, HttpServletRequest request) {
		DeliveryState state = (status != null && !status.isBlank()) ? parse("status", status, DeliveryState.values())
				: null;
		return ApiPage.of(this.broadcasts.recipients(this.currentActor.get(request), id, state, search,
				ApiPage.request(page, size, Sort.unsorted())), (row) -> row);
	}

	@GetMapping("/{id}/dead-letters")
	@PreAuthorize(READERS)
	@Operation(summary = "Deliveries that could not be sent, with their errors")
	public ApiPage<RecipientRow> deadLetters(@PathVariable UUID id, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size, HttpServletRequest request) {
		return ApiPage.of(this.broadcasts.recipients(this.currentActor.get(request), id, DeliveryState.FAILED, null,
				ApiPage.request(page, size, Sort.unsorted())), (row) -> row);
	}

	@PostMapping("/{id}/dead-letters/retry")
	@PreAuthorize(WRITERS)
	@Operation(summary = "Send dead letters again (all, or the given delivery ids); never to a suppressed address, "
			+ "nor to a recipient who already got it on a later channel (fallback)")
	public Map<String, Integer> retry(@PathVariable UUID id, @RequestBody(required = false) @Nullable Retry body,
			HttpServletRequest request) {
		List<UUID> ids = (body != null && body.deliveryIds() != null) ? body.deliveryIds() : List.of();
		Requeued done = this.broadcasts.retryDeadLetters(this.currentActor.get(request), id, ids);
		return Map.of("requeued", done.requeued(), "fellBack", done.fellBack(), "suppressed", done.suppressed());
	}

	@GetMapping("/settings")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	@Operation(summary = "Who needs approval, and the test numbers")
	public Map<String, Object> settings(HttpServletRequest request) {
		return settings(this.broadcasts.settings(this.currentActor.get(request).requireTenant()));
	}

	@PutMapping("/settings")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	@Operation(summary = "Set who needs approval (never, store_managers, everyone) and the test numbers")
	public Map<String, Object> updateSettings(@RequestBody SettingsBody body, HttpServletRequest request) {
		BroadcastSettings.Approval approval = parse("approval", (body.approval() != null) ? body.approval() : "",
				BroadcastSettings.Approval.values());
		return settings(this.broadcasts.updateSettings(this.currentActor.get(request),
				new BroadcastSettings(approval, (body.testNumbers() != null) ? body.testNumbers() : List.of())));
	}

	/**
	 * @param comment the approver's comment
	 */
	record Comment(@Nullable String comment) {
	}

	/**
	 * @param deliveryIds the dead letters to retry; all when absent
	 */
	record Retry(@Nullable List<UUID> deliveryIds) {
	}

	/**
	 * @param approval never, store_managers or everyone
	 * @param testNumbers E.164 numbers (up to 10)
	 */
	record SettingsBody(@Nullable String approval, @Nullable List<String> testNumbers) {
	}

	private static Map<String, Object> settings(BroadcastSettings settings) {
		return Map.of("approval", settings.approval().key(), "testNumbers", settings.testNumbers());
	}

	private static BroadcastDraft draft(BroadcastRequest body) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (body.name() == null || body.name().isBlank()) {
			errors.put("name", "Give the broadcast a name");
		}
		Channel channel = (body.channel() != null) ? parseInto(errors, "channel", body.channel(), Channel.values())
				: Channel.SMS;
		List<Channel> channels = new ArrayList<>();
		if (body.channels() != null) {
			for (int i = 0; i < body.channels().size(); i++) {
				Channel listed = parseInto(errors, "channels[" + i + "]", String.valueOf(body.channels().get(i)),
						Channel.values());
				if (listed != null && channels.contains(listed)) {
					errors.put("channels[" + i + "]", "List each channel once");
				}
				else if (listed != null) {
					channels.add(listed);
				}
			}
			if (body.channels().isEmpty()) {
				errors.put("channels", "Pick at least one channel");
			}
			else if (body.channel() != null && channel != null && !channels.isEmpty() && channels.get(0) != channel) {
				errors.put("channel", "Leave channel out, or make it the first of channels");
			}
		}
		else {
			channels.add((channel != null) ? channel : Channel.SMS);
		}
		ChannelMode mode = (body.mode() != null) ? parseInto(errors, "mode", body.mode(), ChannelMode.values())
				: ChannelMode.ALL;
		Audience audience = null;
		if (body.audience() != null) {
			BroadcastRequest.AudienceBody given = body.audience();
			Audience.Kind kind = parseInto(errors, "audience.kind", String.valueOf(given.kind()),
					Audience.Kind.values());
			if (kind != null) {
				audience = new Audience(kind, given.segmentId(), given.listId(),
						(given.criteria() != null && !given.criteria().isNull())
								? CriteriaJson.read(given.criteria().toString()) : null);
			}
		}
		Schedule schedule = Schedule.NOW;
		if (body.schedule() != null && body.schedule().kind() != null) {
			BroadcastRequest.ScheduleBody given = body.schedule();
			Schedule.Kind kind = parseInto(errors, "schedule.kind", given.kind(), Schedule.Kind.values());
			if (kind != null) {
				schedule = new Schedule(kind, given.sendAt(), given.localSendAt(), given.windowEnd(),
						given.maxPerMinute(), given.maxPerHour(), given.jitterSeconds());
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return new BroadcastDraft(String.valueOf(body.name()),
				(body.storeId() != null) ? new StoreId(body.storeId()) : null, channels,
				(mode != null) ? mode : ChannelMode.ALL, audience, body.templateId(), body.body(), body.category(),
				schedule, (body.unitCostMicros() != null) ? body.unitCostMicros() : 0);
	}

	/**
	 * One broadcast with its email content ({@code email}: subject, preheader, html, or
	 * {@code null} until written) and WhatsApp's own text ({@code whatsappBody},
	 * {@code null} when WhatsApp says {@code body}); lists leave the HTML out.
	 */
	private Map<String, Object> detail(Actor actor, Broadcast broadcast) {
		Map<String, Object> body = broadcast(broadcast);
		if (broadcast.channels().contains(Channel.EMAIL)) {
			body.put("email", this.broadcasts.email(actor, broadcast.id()).map((content) -> {
				Map<String, Object> email = new LinkedHashMap<>();
				email.put("subject", content.subject());
				email.put("preheader", content.preheader());
				email.put("html", content.html());
				return email;
			}).orElse(null));
		}
		if (broadcast.channels().contains(Channel.WHATSAPP)) {
			body.put("whatsappBody", this.broadcasts.whatsappBody(actor, broadcast.id()).orElse(null));
		}
		return body;
	}

	private static @Nullable EmailContent email(BroadcastRequest body) {
		BroadcastRequest.EmailBody email = body.email();
		if (email == null) {
			return null;
		}
		return new EmailContent((email.subject() != null) ? email.subject() : "", email.preheader(),
				(email.html() != null) ? email.html() : "");
	}

	static Map<String, Object> broadcast(Broadcast broadcast) {
		Map<String, Object> body = new LinkedHashMap<>();
		BroadcastDraft draft = broadcast.draft();
		body.put("id", broadcast.id());
		body.put("name", broadcast.name());
		body.put("status", broadcast.status().key());
		body.put("storeId", (draft.storeId() != null) ? draft.storeId().value() : null);
		body.put("channel", draft.channel().key());
		body.put("channels", draft.channels().stream().map(Channel::key).toList());
		body.put("mode", draft.mode().key());
		Audience audience = draft.audience();
		if (audience != null) {
			Map<String, Object> audienceBody = new LinkedHashMap<>();
			audienceBody.put("kind", audience.kind().name().toLowerCase(Locale.ROOT));
			audienceBody.put("segmentId", audience.segmentId());
			audienceBody.put("listId", audience.listId());
			audienceBody.put("criteria",
					(audience.criteria() != null) ? CriteriaJson.write(audience.criteria()) : null);
			body.put("audience", audienceBody);
		}
		body.put("templateId", draft.templateId());
		body.put("body", draft.body());
		body.put("category", draft.category());
		Schedule schedule = draft.schedule();
		Map<String, Object> scheduleBody = new LinkedHashMap<>();
		scheduleBody.put("kind", schedule.kind().name().toLowerCase(Locale.ROOT));
		scheduleBody.put("sendAt", schedule.sendAt());
		scheduleBody.put("localSendAt", schedule.localSendAt());
		scheduleBody.put("windowEnd", schedule.windowEnd());
		scheduleBody.put("maxPerMinute", schedule.maxPerMinute());
		scheduleBody.put("maxPerHour", schedule.maxPerHour());
		scheduleBody.put("jitterSeconds", schedule.jitterSeconds());
		body.put("schedule", scheduleBody);
		body.put("unitCostMicros", draft.unitCostMicros());
		body.put("author", broadcast.authorLabel());
		body.put("approvedBy", broadcast.approvedByLabel());
		body.put("approvedAt", broadcast.approvedAt());
		body.put("reviewComment", broadcast.reviewComment());
		body.put("failureReason", broadcast.failureReason());
		body.put("launchedAt", broadcast.launchedAt());
		body.put("finishedAt", broadcast.finishedAt());
		body.put("createdAt", broadcast.createdAt());
		body.put("updatedAt", broadcast.updatedAt());
		body.put("version", broadcast.version());
		return body;
	}

	static <E extends Enum<E>> E parse(String field, String value, E[] values) {
		Map<String, String> errors = new LinkedHashMap<>();
		E parsed = parseInto(errors, field, value, values);
		if (parsed == null) {
			throw new InvalidInputException(errors);
		}
		return parsed;
	}

	private static <E extends Enum<E>> @Nullable E parseInto(Map<String, String> errors, String field, String value,
			E[] values) {
		for (E candidate : values) {
			if (candidate.name().equalsIgnoreCase(value.strip())) {
				return candidate;
			}
		}
		errors.put(field,
				"Use one of " + java.util.Arrays.stream(values)
					.map((candidate) -> candidate.name().toLowerCase(Locale.ROOT))
					.toList());
		return null;
	}

}
