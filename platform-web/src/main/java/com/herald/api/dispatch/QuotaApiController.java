package com.herald.api.dispatch;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.herald.consent.Channel;
import com.herald.dispatch.ChannelQuota;
import com.herald.dispatch.QuotaService;
import com.herald.security.CurrentActor;

/**
 * The tenant's send quotas per channel, for tenant admins: what the broadcast settings'
 * quota page shows and changes.
 */
@RestController
@RequestMapping("/api/v1/settings/quotas")
@Tag(name = "Send quotas", description = "Messages per second, minute and day each channel may send")
class QuotaApiController {

	private final QuotaService quotas;

	private final CurrentActor currentActor;

	QuotaApiController(QuotaService quotas, CurrentActor currentActor) {
		this.quotas = quotas;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	@Operation(summary = "Every channel's quotas: the tenant's own (null: the platform default) and those in force")
	public List<QuotaResponse> list(HttpServletRequest request) {
		return this.quotas.list(this.currentActor.get(request)).stream().map(QuotaResponse::of).toList();
	}

	@PutMapping("/{channel}")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	@Operation(summary = "Set a channel's quotas; omitted or null limits use the platform default")
	public QuotaResponse update(@PathVariable String channel, @RequestBody QuotaRequest body,
			HttpServletRequest request) {
		return QuotaResponse.of(this.quotas.save(this.currentActor.get(request), Channel.fromKey(channel),
				body.perSecond(), body.perMinute(), body.perDay()));
	}

	/**
	 * A channel's quotas.
	 *
	 * @param perSecond messages per second, or null for the platform default
	 * @param perMinute messages per minute, or null
	 * @param perDay messages per day, or null
	 */
	record QuotaRequest(@Nullable Long perSecond, @Nullable Long perMinute, @Nullable Long perDay) {
	}

	/**
	 * A channel's quotas.
	 *
	 * @param channel sms, whatsapp, email or push
	 * @param perSecond the tenant's own per second (null: the platform default)
	 * @param perMinute the tenant's own per minute
	 * @param perDay the tenant's own per day
	 * @param effectivePerSecond in force (null: unlimited)
	 * @param effectivePerMinute in force
	 * @param effectivePerDay in force
	 * @param updatedAt when the tenant last changed them
	 */
	record QuotaResponse(String channel, @Nullable Long perSecond, @Nullable Long perMinute, @Nullable Long perDay,
			@Nullable Long effectivePerSecond, @Nullable Long effectivePerMinute, @Nullable Long effectivePerDay,
			java.time.@Nullable Instant updatedAt) {

		static QuotaResponse of(ChannelQuota quota) {
			return new QuotaResponse(quota.channel().key(), quota.perSecond(), quota.perMinute(), quota.perDay(),
					quota.effectivePerSecond(), quota.effectivePerMinute(), quota.effectivePerDay(), quota.updatedAt());
		}

	}

}
