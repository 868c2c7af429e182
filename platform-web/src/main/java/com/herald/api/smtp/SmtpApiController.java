package com.herald.api.smtp;

import java.util.UUID;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.herald.email.smtp.SmtpSettingsService;
import com.herald.email.tracking.EmailTracking;
import com.herald.email.tracking.TrackingSettings;
import com.herald.security.CurrentActor;
import com.herald.tenancy.StoreId;

@RestController
@Tag(name = "SMTP", description = "The SMTP server email is sent through, and open and click tracking (tenant admins)")
class SmtpApiController {

	private final SmtpSettingsService settings;

	private final EmailTracking tracking;

	private final CurrentActor currentActor;

	SmtpApiController(SmtpSettingsService settings, EmailTracking tracking, CurrentActor currentActor) {
		this.settings = settings;
		this.tracking = tracking;
		this.currentActor = currentActor;
	}

	/** The SMTP server of the tenant, or of one store with {@code storeId}. */
	@GetMapping("/api/v1/settings/smtp")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public SmtpSettingsResponse get(@RequestParam(required = false) @Nullable UUID storeId,
			HttpServletRequest request) {
		return SmtpSettingsResponse.of(this.settings.get(this.currentActor.get(request), store(storeId)));
	}

	/**
	 * Replaces (or, without a host, removes) the SMTP server of the tenant or a store.
	 */
	@PutMapping("/api/v1/settings/smtp")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public SmtpSettingsResponse put(@RequestParam(required = false) @Nullable UUID storeId,
			@RequestBody SmtpSettingsRequest body, HttpServletRequest request) {
		return SmtpSettingsResponse
			.of(this.settings.save(this.currentActor.get(request), store(storeId), body.change()));
	}

	/**
	 * Whether Herald tracks opens and clicks of the tenant's SMTP email (off by default).
	 */
	@GetMapping("/api/v1/settings/email-tracking")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public TrackingResponse tracking(HttpServletRequest request) {
		return TrackingResponse.of(this.tracking.get(this.currentActor.get(request)));
	}

	/** Turns open and click tracking of the tenant's SMTP email on or off. */
	@PutMapping("/api/v1/settings/email-tracking")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public TrackingResponse setTracking(@RequestBody TrackingRequest body, HttpServletRequest request) {
		return TrackingResponse
			.of(this.tracking.set(this.currentActor.get(request), Boolean.TRUE.equals(body.enabled())));
	}

	/**
	 * @param enabled whether opens and clicks are tracked
	 */
	public record TrackingRequest(@Nullable Boolean enabled) {
	}

	/**
	 * @param enabled whether opens and clicks are tracked
	 * @param updatedAt when it last changed
	 * @param updatedBy who changed it
	 */
	public record TrackingResponse(boolean enabled, java.time.@Nullable Instant updatedAt, @Nullable String updatedBy) {

		static TrackingResponse of(TrackingSettings settings) {
			return new TrackingResponse(settings.enabled(), settings.updatedAt(), settings.updatedBy());
		}

	}

	private static @Nullable StoreId store(@Nullable UUID storeId) {
		return (storeId != null) ? new StoreId(storeId) : null;
	}

}
