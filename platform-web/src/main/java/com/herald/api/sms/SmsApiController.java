package com.herald.api.sms;

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
import com.herald.security.CurrentActor;
import com.herald.sms.SmsOutbox;
import com.herald.sms.SmsSettingsService;
import com.herald.tenancy.StoreId;

@RestController
@Tag(name = "SMS", description = "SMS settings (tenant admins) and the sandbox outbox")
class SmsApiController {

	private final SmsSettingsService settings;

	private final SmsOutbox outbox;

	private final CurrentActor currentActor;

	SmsApiController(SmsSettingsService settings, SmsOutbox outbox, CurrentActor currentActor) {
		this.settings = settings;
		this.outbox = outbox;
		this.currentActor = currentActor;
	}

	/** The SMS settings of the tenant, or of one store with {@code storeId}. */
	@GetMapping("/api/v1/settings/sms")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public SmsSettingsResponse get(@RequestParam(required = false) @Nullable UUID storeId, HttpServletRequest request) {
		return SmsSettingsResponse.of(this.settings.get(this.currentActor.get(request), store(storeId)));
	}

	/** Replaces the SMS settings of the tenant, or of one store with {@code storeId}. */
	@PutMapping("/api/v1/settings/sms")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	public SmsSettingsResponse put(@RequestParam(required = false) @Nullable UUID storeId,
			@RequestBody SmsSettingsRequest body, HttpServletRequest request) {
		return SmsSettingsResponse
			.of(this.settings.save(this.currentActor.get(request), store(storeId), body.change()));
	}

	/** The sandbox outbox, newest first. */
	@GetMapping("/api/v1/outbox/sms")
	@PreAuthorize("hasAnyRole('TENANT_ADMIN','STORE_MANAGER','COMPLIANCE_OFFICER')")
	public ApiPage<OutboxMessageResponse> outbox(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size, HttpServletRequest request) {
		return ApiPage.of(
				this.outbox.list(this.currentActor.get(request), ApiPage.request(page, size, Sort.unsorted())),
				OutboxMessageResponse::of);
	}

	private static @Nullable StoreId store(@Nullable UUID storeId) {
		return (storeId != null) ? new StoreId(storeId) : null;
	}

}
