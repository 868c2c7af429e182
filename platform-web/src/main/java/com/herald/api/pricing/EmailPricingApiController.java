package com.herald.api.pricing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.herald.pricing.PricingService;
import com.herald.security.CurrentActor;

/**
 * The price of one email: Herald's and the tenant's own (tenant admins change it). Sent
 * emails and review estimates are costed at it.
 */
@RestController
@RequestMapping("/api/v1/pricing/email")
@Tag(name = "Email pricing", description = "The price per email")
class EmailPricingApiController {

	private final PricingService pricing;

	private final CurrentActor currentActor;

	EmailPricingApiController(PricingService pricing, CurrentActor currentActor) {
		this.pricing = pricing;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize("hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER', 'COMPLIANCE_OFFICER')")
	@Operation(summary = "The price per email: Herald's, the tenant's own, and the one used")
	public EmailPriceResponse get(HttpServletRequest request) {
		return EmailPriceResponse.of(this.pricing.emailPrice(this.currentActor.get(request)),
				PricingService.currency());
	}

	@PutMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	@Operation(summary = "Set the tenant's price per email")
	public EmailPriceResponse set(@RequestBody EmailPriceRequest body, HttpServletRequest request) {
		return EmailPriceResponse.of(this.pricing.setEmailPrice(this.currentActor.get(request), body.price()),
				PricingService.currency());
	}

	@DeleteMapping
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	@Operation(summary = "Remove the tenant's price per email (Herald's applies again)")
	public EmailPriceResponse remove(HttpServletRequest request) {
		return EmailPriceResponse.of(this.pricing.removeEmailPrice(this.currentActor.get(request)),
				PricingService.currency());
	}

}
