package com.herald.api.pricing;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What to estimate: a message (its text, or its segment count) for an audience (a saved
 * segment, or a number of recipients in the tenant's default phone country).
 *
 * @param body the text; its segments are counted
 * @param segments segments per message, when no text is given
 * @param segmentId a saved segment: priced by each recipient's phone country
 * @param audienceSize a number of recipients
 */
public record EstimateRequest(@Nullable String body, @Nullable Integer segments, @Nullable UUID segmentId,
		@Nullable Long audienceSize) {

}
