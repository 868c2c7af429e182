package com.herald.api.broadcast;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A broadcast draft as the API takes it.
 *
 * @param name a name for the list
 * @param storeId the store sending it (required for store managers)
 * @param channel {@code sms}, {@code whatsapp}, {@code email} or {@code push}: a
 * one-channel broadcast (or the first of {@code channels})
 * @param channels several channels in order of preference, instead of {@code channel}
 * @param mode with several channels: {@code all} (each recipient gets every channel they
 * can legally receive, the default) or {@code fallback} (the first one they can)
 * @param audience who it goes to
 * @param templateId the template the body was copied from, if any
 * @param body the Liquid text body of SMS, WhatsApp and push messages
 * @param category the message category ({@code promotional} by default)
 * @param schedule when it goes out ({@code now} by default)
 * @param unitCostMicros estimated cost of one message in millionths of the currency
 * @param version for updates: the version edited (a concurrent change answers 409)
 * @param email the email channel's content (subject, preheader, HTML); left out, the
 * stored content stays
 * @param whatsappBody WhatsApp's own Liquid text, when the broadcast lists WhatsApp
 * beside SMS and should not say the same; empty: WhatsApp says {@code body}; left out,
 * the stored one stays
 */
public record BroadcastRequest(@Nullable String name, @Nullable UUID storeId, @Nullable String channel,
		@Nullable List<String> channels, @Nullable String mode, @Nullable AudienceBody audience,
		@Nullable UUID templateId, @Nullable String body, @Nullable String category, @Nullable ScheduleBody schedule,
		@Nullable Long unitCostMicros, @Nullable Long version, @Nullable EmailBody email,
		@Nullable String whatsappBody) {

	/**
	 * @param subject the subject line (Liquid)
	 * @param preheader the preview line inboxes show after the subject (Liquid), optional
	 * @param html the HTML body (Liquid); sanitized when saved, and a footer with the
	 * unsubscribe link and postal address is added to promotional email when sent
	 */
	public record EmailBody(@Nullable String subject, @Nullable String preheader, @Nullable String html) {
	}

	/**
	 * @param kind {@code segment}, {@code list} or {@code criteria}
	 * @param segmentId the saved segment
	 * @param listId the static list
	 * @param criteria an ad-hoc criteria tree
	 */
	public record AudienceBody(@Nullable String kind, @Nullable UUID segmentId, @Nullable UUID listId,
			@Nullable JsonNode criteria) {
	}

	/**
	 * @param kind {@code now}, {@code at}, {@code local_time} or {@code window}
	 * @param sendAt the instant ({@code at}, the start of a window)
	 * @param localSendAt the wall-clock time in each recipient's zone
	 * ({@code local_time})
	 * @param windowEnd the end of a window
	 * @param maxPerMinute window rate cap per minute
	 * @param maxPerHour window rate cap per hour
	 * @param jitterSeconds random seconds added to each send of a window
	 */
	public record ScheduleBody(@Nullable String kind, @Nullable Instant sendAt, @Nullable LocalDateTime localSendAt,
			@Nullable Instant windowEnd, @Nullable Integer maxPerMinute, @Nullable Integer maxPerHour,
			@Nullable Integer jitterSeconds) {
	}

}
