package com.herald.template;

import org.jspecify.annotations.Nullable;

/**
 * What someone writes when creating or changing a template, unchecked: the service
 * reports each bad field.
 *
 * @param name the template's name
 * @param channel {@code sms}, {@code whatsapp}, {@code email} or {@code push}
 * @param category a category of the tenant
 * @param subject the email subject
 * @param body the Liquid body (SMS, WhatsApp, push)
 * @param preheader the email preheader
 * @param html the email's HTML body
 */
public record TemplateDraft(@Nullable String name, @Nullable String channel, @Nullable String category,
		@Nullable String subject, @Nullable String body, @Nullable String preheader, @Nullable String html) {

	/** A draft for SMS, WhatsApp or push: a body, no email parts. */
	public TemplateDraft(@Nullable String name, @Nullable String channel, @Nullable String category,
			@Nullable String subject, @Nullable String body) {
		this(name, channel, category, subject, body, null, null);
	}

}
