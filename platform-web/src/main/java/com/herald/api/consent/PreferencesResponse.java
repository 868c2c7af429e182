package com.herald.api.consent;

import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import com.herald.api.consent.PreferencesRequest.FrequencyCapBody;
import com.herald.api.consent.PreferencesRequest.QuietHoursBody;
import com.herald.consent.ContactPreferences;

/**
 * A contact's preferences.
 *
 * @param categories per channel, per category: opted in ({@code true}) or out; a category
 * not listed has no explicit choice
 * @param quietHours quiet hours, if set
 * @param frequencyCap frequency cap, if set
 */
public record PreferencesResponse(Map<String, Map<String, Boolean>> categories, @Nullable QuietHoursBody quietHours,
		@Nullable FrequencyCapBody frequencyCap) {

	static PreferencesResponse of(ContactPreferences preferences) {
		Map<String, Map<String, Boolean>> categories = new TreeMap<>();
		preferences.categories().forEach((channel, choices) -> categories.put(channel.key(), new TreeMap<>(choices)));
		return new PreferencesResponse(categories,
				(preferences.quietHours() != null) ? new QuietHoursBody(preferences.quietHours().start().toString(),
						preferences.quietHours().end().toString()) : null,
				(preferences.frequencyCap() != null)
						? new FrequencyCapBody(preferences.frequencyCap().messages(), preferences.frequencyCap().days())
						: null);
	}

}
