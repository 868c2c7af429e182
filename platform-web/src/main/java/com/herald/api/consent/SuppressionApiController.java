package com.herald.api.consent;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.herald.consent.Channel;
import com.herald.consent.SuppressionReason;
import com.herald.consent.SuppressionService;
import com.herald.security.CurrentActor;
import com.herald.tenancy.InvalidInputException;
import com.herald.tenancy.NotFoundException;

/**
 * The tenant's suppression list: addresses never messaged on a channel, whatever consent
 * says. Tenant admins and store managers add; only tenant admins lift; compliance
 * officers read.
 */
@RestController
@RequestMapping("/api/v1/suppressions")
@Tag(name = "Suppressions", description = "Addresses that are never messaged on a channel")
class SuppressionApiController {

	private final SuppressionService suppressions;

	private final CurrentActor currentActor;

	SuppressionApiController(SuppressionService suppressions, CurrentActor currentActor) {
		this.suppressions = suppressions;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER', 'COMPLIANCE_OFFICER')")
	@Operation(summary = "The newest suppressions, optionally of one channel")
	public SuppressionListResponse list(@RequestParam(required = false) @Nullable String channel,
			@RequestParam(defaultValue = "100") int limit, HttpServletRequest request) {
		Channel only = null;
		if (channel != null && !channel.isBlank()) {
			Map<String, String> errors = new LinkedHashMap<>();
			only = ConsentApiController.parse(errors, "channel", channel, Channel.values(), null);
			if (!errors.isEmpty()) {
				throw new InvalidInputException(errors);
			}
		}
		return new SuppressionListResponse(this.suppressions.list(this.currentActor.get(request), only, limit)
			.stream()
			.map(SuppressionResponse::of)
			.toList(), limit);
	}

	@PostMapping
	@PreAuthorize("hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER')")
	@Operation(summary = "Suppress an address (adding one already there keeps the first entry)")
	public ResponseEntity<SuppressionResponse> add(@RequestBody SuppressionRequest body, HttpServletRequest request) {
		Map<String, String> errors = new LinkedHashMap<>();
		Channel channel = ConsentApiController.parse(errors, "channel", body.channel(), Channel.values(), null);
		SuppressionReason reason = ConsentApiController.parse(errors, "reason", body.reason(),
				SuppressionReason.values(), SuppressionReason.MANUAL);
		if (body.address() == null || body.address().isBlank()) {
			errors.put("address", "This field is required");
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(SuppressionResponse.of(this.suppressions.add(this.currentActor.get(request), channel, body.address(),
					reason, body.note())));
	}

	@DeleteMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	@Operation(summary = "Lift a suppression (tenant admins): Herald may message the address again")
	public ResponseEntity<Void> remove(@RequestParam String channel, @RequestParam String address,
			HttpServletRequest request) {
		Map<String, String> errors = new LinkedHashMap<>();
		Channel parsed = ConsentApiController.parse(errors, "channel", channel, Channel.values(), null);
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		if (!this.suppressions.remove(this.currentActor.get(request), parsed, address)) {
			throw new NotFoundException("Suppression", channel + " " + address);
		}
		return ResponseEntity.noContent().build();
	}

}
