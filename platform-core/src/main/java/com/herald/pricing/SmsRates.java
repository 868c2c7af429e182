package com.herald.pricing;

import java.math.BigDecimal;
import java.util.Map;

/**
 * One tenant's SMS prices per segment, in millionths of
 * {@link PricingService#currency()}, by the recipient's calling code: what a message that
 * went out cost.
 */
public final class SmsRates {

	private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000);

	private final Map<String, Long> microsByCallingCode;

	private final long fallbackMicros;

	SmsRates(Map<String, BigDecimal> byCallingCode, BigDecimal fallback) {
		this.microsByCallingCode = byCallingCode.entrySet()
			.stream()
			.collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey,
					(entry) -> micros(entry.getValue())));
		this.fallbackMicros = micros(fallback);
	}

	/** The price of one segment to an E.164 number; "other countries" for the rest. */
	public long microsPerSegment(String e164) {
		String digits = e164.startsWith("+") ? e164.substring(1) : e164;
		// calling codes are prefix-free (ITU E.164): one, two or three digits
		for (int length = 1; length <= 3 && length <= digits.length(); length++) {
			String code = digits.substring(0, length);
			if (SmsPricing.MAIN_COUNTRY_BY_CALLING_CODE.containsKey(code)) {
				return this.microsByCallingCode.getOrDefault(code, this.fallbackMicros);
			}
		}
		return this.fallbackMicros;
	}

	static long micros(BigDecimal price) {
		return price.multiply(MICROS).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
	}

}
