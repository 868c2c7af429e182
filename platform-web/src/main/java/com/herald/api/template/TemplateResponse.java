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
 * @param body the Liquid body
 * @param sms encoding, characters and segments of the body as typed
 * @param createdAt when created
 * @param updatedAt when last changed
 */
public record TemplateResponse(UUID id, String name, String channel, String category, @Nullable String subject,
		String body, SmsResponse sms, Instant createdAt, Instant updatedAt) {

	static TemplateResponse of(MessageTemplate template) {
		return new TemplateResponse(template.id(), template.name(), template.channel().key(), template.category(),
				template.subject(), template.body(), SmsResponse.of(SmsSegments.of(template.body())),
				template.createdAt(), template.updatedAt());
	}

}
