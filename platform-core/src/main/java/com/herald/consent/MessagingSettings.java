package com.herald.consent;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's messaging defaults.
 *
 * @param promotionalSmsQuietHours recipient-local quiet hours for non-transactional SMS;
 * by default 21:00–08:00, so promotional SMS go out only from 08:00 to 21:00 (TCPA);
 * {@code null} turns them off
 * @param categories the message categories the tenant uses: always {@value #PROMOTIONAL}
 * and {@value #TRANSACTIONAL}, plus its own
 */
public record MessagingSettings(@Nullable QuietHours promotionalSmsQuietHours, List<String> categories) {

	/** Marketing: needs consent, respects quiet hours and preferences. */
	public static final String PROMOTIONAL = "promotional";

	/**
	 * What the contact asked for or must know (receipts, codes): sent unless they opted
	 * out or are suppressed.
	 */
	public static final String TRANSACTIONAL = "transactional";

	public static final MessagingSettings DEFAULTS = new MessagingSettings(
			new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)), List.of(PROMOTIONAL, TRANSACTIONAL));

	public MessagingSettings {
		Set<String> all = new LinkedHashSet<>(List.of(PROMOTIONAL, TRANSACTIONAL));
		all.addAll(categories);
		categories = List.copyOf(new ArrayList<>(all));
	}

	public boolean hasCategory(String category) {
		return this.categories.contains(category);
	}

}
