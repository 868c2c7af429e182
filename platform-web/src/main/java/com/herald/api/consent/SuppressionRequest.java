package com.herald.api.consent;

import org.jspecify.annotations.Nullable;

/**
 * An address to suppress.
 *
 * @param channel {@code sms}, {@code whatsapp}, {@code email} or {@code push}
 * @param address phone number, email or push token
 * @param reason {@code unsubscribed}, {@code bounced}, {@code complaint}, {@code stop} or
 * {@code manual}; {@code manual} when missing
 * @param note free text
 */
public record SuppressionRequest(@Nullable String channel, @Nullable String address, @Nullable String reason,
		@Nullable String note) {

}
