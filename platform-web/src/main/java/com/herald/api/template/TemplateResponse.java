package com.herald.api.template;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.template.MessageTemplate;
import com.herald.template.SmsSegments;

/**
 * A template, with what its body costs as typed when sent as an SMS.
 *
 * @param id the template
 * @param name its name
 * @param channel its channel
 * @param category its category
 * @param subject the email subject
 * @param body the Liquid body ({@code null} for email)
 * @param preheader the email preheader
 * @param html the email's sanitized HTML
 * @param sms encoding, characters and segments of the body as typed ({@code null} for
 * email)
 * @param createdAt when created
 * @param updatedAt when last changed
 */
public record TemplateResponse(UUID id, String name, String channel, String category, @Nullable String subject,
		@Nullable String body, @Nullable String preheader, @Nullable String html, @Nullable SmsResponse sms,
		Instant createdAt, Instant updatedAt) {

	static TemplateResponse of(MessageTemplate template) {
		return new TemplateResponse(template.id(), template.name(), template.channel().key(), template.category(),
				template.subject(), template.body(), template.preheader(), template.html(),
				(template.body() != null) ? SmsResponse.of(SmsSegments.of(template.body())) : null,
				template.createdAt(), template.updatedAt());
	}

}
