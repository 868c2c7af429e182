package com.herald.preference;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;
import com.herald.consent.QuietHours;

/**
 * What the preference page shows a recipient about themselves, and no more: their
 * addresses are masked.
 *
 * @param branding how the tenant's page looks
 * @param channels the channels Herald has an address for, in a fixed order
 * @param categories the tenant's categories a recipient may choose (not transactional)
 * @param quietHours their quiet hours, if set
 * @param pausedUntil until when their pause lasts, if paused now
 * @param contactLocale the contact's stored locale (e.g. {@code es}), if any
 */
public record RecipientPage(Branding branding, List<ChannelChoice> channels, List<String> categories,
		@Nullable QuietHours quietHours, @Nullable Instant pausedUntil, @Nullable String contactLocale) {

	/**
	 * One channel on the page.
	 *
	 * @param channel the channel
	 * @param maskedAddress e.g. {@code j•••@example.com}
	 * @param subscribed whether messages go (opted in, or transactional only when
	 * unknown) and the address is not suppressed
	 * @param blocked the address is suppressed for a reason the recipient cannot undo
	 * here (a bounce, a complaint)
	 * @param categories the recipient's choice per category ({@code true} unless they
	 * opted out)
	 */
	public record ChannelChoice(Channel channel, String maskedAddress, boolean subscribed, boolean blocked,
			Map<String, Boolean> categories) {
	}

}
