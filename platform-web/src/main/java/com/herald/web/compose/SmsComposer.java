package com.herald.web.compose;

import java.text.NumberFormat;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import com.herald.audience.Segment;
import com.herald.audience.SegmentService;
import com.herald.pricing.CostEstimate;
import com.herald.pricing.PricingService;
import com.herald.template.SmsSegments;
import com.herald.tenancy.Actor;
import com.herald.tenancy.InvalidInputException;

/**
 * Counts a message being composed and estimates its cost, for every page with the compose
 * box ({@code fragments/compose :: sms-box}): the template editor now, the broadcast
 * wizard later. The audience is a size (priced in the tenant's default phone country) or
 * a saved segment (priced by each recipient's country).
 */
@Component
public class SmsComposer {

	private final PricingService pricing;

	private final SegmentService segments;

	SmsComposer(PricingService pricing, SegmentService segments) {
		this.pricing = pricing;
		this.segments = segments;
	}

	public SmsStats stats(Actor actor, @Nullable String body, @Nullable String audienceSize,
			@Nullable String segmentId) {
		String text = (body != null) ? body : "";
		SmsSegments sms = SmsSegments.of(text);
		boolean personalised = text.contains("{{") || text.contains("{%");
		try {
			if (segmentId != null && !segmentId.isBlank()) {
				Segment segment = this.segments.get(actor, parseId(segmentId));
				CostEstimate estimate = this.pricing.estimate(actor, segment.criteria(), sms.segments());
				return new SmsStats(sms, personalised, estimate,
						"segment " + segment.name() + " (" + count(estimate.recipients()) + " with a phone)",
						PricingService.currency(), null);
			}
			if (audienceSize != null && !audienceSize.isBlank()) {
				long size = parseSize(audienceSize);
				CostEstimate estimate = this.pricing.estimate(actor, size, sms.segments());
				return new SmsStats(sms, personalised, estimate, count(size) + " recipients", PricingService.currency(),
						null);
			}
		}
		catch (InvalidInputException ex) {
			return new SmsStats(sms, personalised, null, null, PricingService.currency(),
					String.join(" ", ex.getFieldErrors().values()));
		}
		return new SmsStats(sms, personalised, null, null, PricingService.currency(), null);
	}

	private static long parseSize(String value) {
		try {
			return Long.parseLong(value.strip().replace(",", "").replace("_", ""));
		}
		catch (NumberFormatException ex) {
			throw new InvalidInputException("audienceSize", "Enter the audience size as a whole number");
		}
	}

	private static UUID parseId(String value) {
		try {
			return UUID.fromString(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("segmentId", "Choose a saved segment");
		}
	}

	private static String count(long value) {
		return NumberFormat.getIntegerInstance(Locale.US).format(value);
	}

}
