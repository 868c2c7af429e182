package com.herald.api.sms;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.sms.SmsSettings;

/**
 * SMS settings of the tenant or a store. The auth token is never returned.
 *
 * @param storeId the store, or null for the tenant's settings
 * @param accountSid the Twilio Account SID
 * @param authTokenSet whether an auth token is stored
 * @param fromNumber the sender number
 * @param messagingServiceSid the Messaging Service SID
 * @param whatsappFrom the WhatsApp sender
 * @param helpText the reply to HELP
 * @param messagesPerSecond the rate of the senders set here, or null for the default
 * @param defaultMessagesPerSecond the default: the tenant's rate (for a store), else the
 * platform's
 * @param updatedAt when they last changed
 * @param updatedBy who changed them
 * @param provider what sends now: {@code twilio} or {@code sandbox}
 * @param usesPlatformAccount whether sends use the platform's default Twilio account
 */
public record SmsSettingsResponse(@Nullable UUID storeId, @Nullable String accountSid, boolean authTokenSet,
		@Nullable String fromNumber, @Nullable String messagingServiceSid, @Nullable String whatsappFrom,
		@Nullable String helpText, @Nullable Integer messagesPerSecond, int defaultMessagesPerSecond,
		@Nullable Instant updatedAt, @Nullable String updatedBy, String provider, boolean usesPlatformAccount) {

	static SmsSettingsResponse of(SmsSettings s) {
		return new SmsSettingsResponse(s.storeId(), s.accountSid(), s.authTokenSet(), s.fromNumber(),
				s.messagingServiceSid(), s.whatsappFrom(), s.helpText(), s.messagesPerSecond(),
				s.defaultMessagesPerSecond(), s.updatedAt(), s.updatedBy(), s.provider(), s.usesPlatformAccount());
	}

}
