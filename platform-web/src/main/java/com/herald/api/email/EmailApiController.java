package com.herald.api.email;

import java.util.UUID;

import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Sort;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.herald.api.ApiPage;
import com.herald.email.EmailOutbox;
import com.herald.email.EmailSettingsService;
import com.herald.security.CurrentActor;
import com.herald.tenancy.StoreId;

@RestController
@Tag(name = "Email", description = "Email settings (tenant admins; store managers for their stores' senders) "
		+ "and the sandbox outbox")
class EmailApiController {

	private final EmailSettingsService settings;

	private final EmailOutbox outbox;

	private final CurrentActor currentActor;

	EmailApiController(EmailSettingsService settings, EmailOutbox outbox, CurrentActor currentActor) {
		this.settings = settings;
		this.outbox = outbox;
		this.currentActor = currentActor;
	}

	/** The email settings of the tenant, or of one store with {@code storeId}. */
	@GetMapping("/api/v1/settings/email")
	@PreAuthorize("hasAnyRole('TENANT_ADMIN','STORE_MANAGER')")
	public EmailSettingsResponse get(@RequestParam(required = false) @Nullable UUID storeId,
			HttpServletRequest request) {
		return EmailSettingsResponse.of(this.settings.get(this.currentActor.get(request), store(storeId)));
	}

	/**
	 * Replaces the email settings of the tenant, or of one store with {@code storeId}.
	 */
	@PutMapping("/api/v1/settings/email")
	@PreAuthorize("hasAnyRole('TENANT_ADMIN','STORE_MANAGER')")
	public EmailSettingsResponse put(@RequestParam(required = false) @Nullable UUID storeId,
			@RequestBody EmailSettingsRequest body, HttpServletRequest request) {
		return EmailSettingsResponse
			.of(this.settings.save(this.currentActor.get(request), store(storeId), body.change()));
	}

	/** The sandbox outbox, newest first. */
	@GetMapping("/api/v1/outbox/email")
	@PreAuthorize("hasAnyRole('TENANT_ADMIN','STORE_MANAGER','COMPLIANCE_OFFICER')")
	public ApiPage<OutboxEmailResponse> outbox(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, HttpServletRequest request) {
		return ApiPage.of(
				this.outbox.list(this.currentActor.get(request), ApiPage.request(page, size, Sort.unsorted())),
				OutboxEmailResponse::of);
	}

	private static @Nullable StoreId store(@Nullable UUID storeId) {
		return (storeId != null) ? new StoreId(storeId) : null;
	}

}
