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
import com.herald.security.CurrentActor;
import com.herald.tenancy.StoreId;

@RestController
@Tag(name = "SMTP", description = "The SMTP server email is sent through (tenant admins)")
class SmtpApiController {

	private final SmtpSettingsService settings;

	private final CurrentActor currentActor;

	SmtpApiController(SmtpSettingsService settings, CurrentActor currentActor) {
		this.settings = settings;
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

	private static @Nullable StoreId store(@Nullable UUID storeId) {
		return (storeId != null) ? new StoreId(storeId) : null;
	}

}
