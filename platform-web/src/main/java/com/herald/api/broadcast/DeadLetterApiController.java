package com.herald.api.broadcast;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.herald.broadcast.DeadLetterFilter;
import com.herald.broadcast.DeadLetterPage;
import com.herald.broadcast.DeadLetterService;
import com.herald.broadcast.RetryResult;
import com.herald.consent.Channel;
import com.herald.security.CurrentActor;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;

/**
 * The tenant's dead letters across broadcasts: list them (cursor paging, filters) and
 * retry them by id or by filter. Readers as for broadcasts; writers retry (store managers
 * their stores' only).
 */
@RestController
@RequestMapping("/api/v1/dead-letters")
@Tag(name = "Broadcasts")
class DeadLetterApiController {

	private static final String READERS = "hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER', 'COMPLIANCE_OFFICER')";

	private static final String WRITERS = "hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER')";

	private final DeadLetterService deadLetters;

	private final CurrentActor currentActor;

	DeadLetterApiController(DeadLetterService deadLetters, CurrentActor currentActor) {
		this.deadLetters = deadLetters;
		this.currentActor = currentActor;
	}

	/**
	 * Newest failure first. {@code from}/{@code to} are ISO-8601 instants (failed at or
	 * after, before); {@code search} is a prefix of the address or the contact's name;
	 * pass the answer's {@code nextCursor} as {@code cursor} for the next page.
	 */
	@GetMapping
	@PreAuthorize(READERS)
	@Operation(summary = "Deliveries that could not be sent, with their errors, across broadcasts")
	DeadLetterPage list(@RequestParam(required = false) @Nullable UUID broadcastId,
			@RequestParam(required = false) @Nullable String channel,
			@RequestParam(required = false) @Nullable String errorCode,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant to,
			@RequestParam(required = false) @Nullable String search,
			@RequestParam(required = false) @Nullable String cursor, @RequestParam(defaultValue = "50") int size,
			HttpServletRequest request) {
		return this.deadLetters.list(this.currentActor.get(request),
				new Filter(broadcastId, channel, errorCode, from, to, search).toFilter(), cursor, size);
	}

	@PostMapping("/retry")
	@PreAuthorize(WRITERS)
	@Operation(summary = "Send dead letters again: the given delivery ids, or all that match a filter; "
			+ "never to a suppressed address, nor a cancelled broadcast's, nor to a recipient who already got it on a later "
			+ "channel (fallback); the answer counts those not retried and why")
	RetryResult retry(@RequestBody Retry body, HttpServletRequest request) {
		Actor actor = this.currentActor.get(request);
		if ((body.deliveryIds() == null) == (body.filter() == null)) {
			throw new InvalidInputException("deliveryIds", "Give either deliveryIds or a filter");
		}
		return (body.deliveryIds() != null) ? this.deadLetters.retry(actor, body.deliveryIds())
				: this.deadLetters.retryMatching(actor, body.filter().toFilter());
	}

	/**
	 * @param deliveryIds the dead letters to retry
	 * @param filter or: retry every dead letter it matches ({@code {}} for all)
	 */
	record Retry(@Nullable List<UUID> deliveryIds, @Nullable Filter filter) {
	}

	/**
	 * @param broadcastId of this broadcast only
	 * @param channel sms, whatsapp, email or push
	 * @param errorCode the provider's error code
	 * @param from failed at or after (ISO-8601)
	 * @param to failed before (ISO-8601)
	 * @param search a prefix of the address or the contact's name
	 */
	record Filter(@Nullable UUID broadcastId, @Nullable String channel, @Nullable String errorCode,
			@Nullable Instant from, @Nullable Instant to, @Nullable String search) {

		DeadLetterFilter toFilter() {
			Channel parsed = (this.channel != null && !this.channel.isBlank())
					? BroadcastApiController.parse("channel", this.channel, Channel.values()) : null;
			return new DeadLetterFilter(this.broadcastId, parsed, this.errorCode, this.from, this.to, this.search);
		}

	}

}
