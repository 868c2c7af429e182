package com.herald.sms.twilio;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import com.herald.channel.DeliveryStatus;

/** Twilio's message statuses in Herald's terms. */
final class TwilioStatuses {

	private TwilioStatuses() {
	}

	static @Nullable DeliveryStatus of(@Nullable String twilioStatus) {
		if (twilioStatus == null) {
			return null;
		}
		return switch (twilioStatus.strip().toLowerCase(Locale.ROOT)) {
			case "accepted", "scheduled", "queued" -> DeliveryStatus.QUEUED;
			case "sending" -> DeliveryStatus.SENDING;
			case "sent" -> DeliveryStatus.SENT;
			case "delivered", "read" -> DeliveryStatus.DELIVERED;
			case "undelivered" -> DeliveryStatus.UNDELIVERED;
			case "failed", "canceled" -> DeliveryStatus.FAILED;
			default -> null;
		};
	}

}
