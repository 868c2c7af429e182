package com.herald.web.compose;

import org.jspecify.annotations.Nullable;

import com.herald.pricing.CostEstimate;
import com.herald.template.SmsSegments;

/**
 * What the compose box shows under the message.
 *
 * @param sms encoding, characters and segments of the text as typed
 * @param personalised whether the text has Liquid markup (each recipient's message may be
 * longer or shorter)
 * @param estimate the cost for the audience, when one is given
 * @param audience what the estimate is for ("1,000 recipients", "segment VIPs")
 * @param currency the estimate's currency
 * @param error why there is no estimate (a bad audience size)
 */
public record SmsStats(SmsSegments sms, boolean personalised, @Nullable CostEstimate estimate,
		@Nullable String audience, String currency, @Nullable String error) {

}
