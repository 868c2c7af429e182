package com.herald.consent;

import com.herald.tenancy.InvalidInputException;

/**
 * At most {@code messages} promotional messages in any {@code days} days.
 *
 * @param messages 1 to 1000
 * @param days 1 to 365
 */
public record FrequencyCap(int messages, int days) {

	public FrequencyCap {
		if (messages < 1 || messages > 1000) {
			throw new InvalidInputException("frequencyCap.messages", "Use 1 to 1000 messages");
		}
		if (days < 1 || days > 365) {
			throw new InvalidInputException("frequencyCap.days", "Use 1 to 365 days");
		}
	}

}
