package com.herald.api.consent;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A contact's preferences. Category choices given are set (others stay as they are);
 * quiet hours and the frequency cap are replaced, {@code null} clearing them.
 *
 * @param categories per channel ({@code sms}, …), per category ({@code promotional}, …):
 * opted in or out
 * @param quietHours local times ({@code HH:mm}, the contact's timezone) to leave them
 * alone
 * @param frequencyCap most promotional messages per period
 */
public record PreferencesRequest(@Nullable Map<String, Map<String, Boolean>> categories,
		@Nullable QuietHoursBody quietHours, @Nullable FrequencyCapBody frequencyCap) {

	/**
	 * Quiet hours.
	 *
	 * @param start when quiet begins, like {@code 21:00}
	 * @param end when sending may resume, like {@code 08:00}
	 */
	public record QuietHoursBody(@Nullable String start, @Nullable String end) {

	}

	/**
	 * A frequency cap.
	 *
	 * @param messages 1 to 1000
	 * @param days 1 to 365
	 */
	public record FrequencyCapBody(int messages, int days) {

	}

}
