package com.herald.api.pricing;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.herald.audience.SegmentService;
import com.herald.pricing.CostEstimate;
import com.herald.pricing.PricingService;
import com.herald.security.CurrentActor;
import com.herald.template.SmsSegments;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;

/**
 * SMS prices per segment (Herald's list and the tenant's own; tenant admins change them)
 * and cost estimates for whoever sees contacts (store managers over their stores'
 * contacts).
 */
@RestController
@RequestMapping("/api/v1/pricing/sms")
@Tag(name = "SMS pricing", description = "Prices per SMS segment by country, and cost estimates")
class PricingApiController {

	private static final String READERS = "hasAnyRole('TENANT_ADMIN', 'STORE_MANAGER', 'COMPLIANCE_OFFICER')";

	private final PricingService pricing;

	private final SegmentService segments;

	private final CurrentActor currentActor;

	PricingApiController(PricingService pricing, SegmentService segments, CurrentActor currentActor) {
		this.pricing = pricing;
		this.segments = segments;
		this.currentActor = currentActor;
	}

	@GetMapping
	@PreAuthorize(READERS)
	@Operation(summary = "Every country with a price; ZZ prices all others")
	public List<SmsPriceResponse> list(HttpServletRequest request) {
		return this.pricing.prices(this.currentActor.get(request))
			.stream()
			.map((price) -> SmsPriceResponse.of(price, PricingService.currency()))
			.toList();
	}

	@PutMapping("/{country}")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	@Operation(summary = "Set the tenant's price per segment for a country")
	public SmsPriceResponse set(@PathVariable String country, @RequestBody SmsPriceRequest body,
			HttpServletRequest request) {
		return SmsPriceResponse.of(this.pricing.setPrice(this.currentActor.get(request), country, body.price()),
				PricingService.currency());
	}

	@DeleteMapping("/{country}")
	@PreAuthorize("hasRole('TENANT_ADMIN')")
	@Operation(summary = "Remove the tenant's price for a country (Herald's list price applies again)")
	public ResponseEntity<Void> remove(@PathVariable String country, HttpServletRequest request) {
		this.pricing.removePrice(this.currentActor.get(request), country);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/estimate")
	@PreAuthorize(READERS)
	@Operation(summary = "Estimate the cost of a message for a saved segment or a number of recipients")
	public EstimateResponse estimate(@RequestBody EstimateRequest body, HttpServletRequest request) {
		Actor actor = this.currentActor.get(request);
		int segmentsPerMessage;
		if (body.body() != null) {
			segmentsPerMessage = SmsSegments.of(body.body()).segments();
		}
		else if (body.segments() != null) {
			segmentsPerMessage = body.segments();
		}
		else {
			throw new InvalidInputException("body", "Give the message's text (body) or its segment count (segments)");
		}
		CostEstimate estimate;
		if (body.segmentId() != null) {
			estimate = this.pricing.estimate(actor, this.segments.get(actor, body.segmentId()).criteria(),
					segmentsPerMessage);
		}
		else if (body.audienceSize() != null) {
			estimate = this.pricing.estimate(actor, body.audienceSize(), segmentsPerMessage);
		}
		else {
			throw new InvalidInputException("audienceSize", "Give a saved segment (segmentId) or an audience size");
		}
		return EstimateResponse.of(estimate, PricingService.currency());
	}

}
