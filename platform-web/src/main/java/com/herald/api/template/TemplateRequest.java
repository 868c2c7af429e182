package com.herald.api.template;

import org.jspecify.annotations.Nullable;

import com.herald.template.TemplateDraft;

/**
 * A template, whole (for create and for replace).
 *
 * @param name unique within the tenant
 * @param channel {@code sms}, {@code whatsapp}, {@code email} or {@code push}
 * @param category {@code promotional}, {@code transactional} or one of the tenant's own
 * @param subject the email subject (email only)
 * @param body the Liquid body, like {@code Hi {{ contact.first_name | default: "there"
 * }}} (SMS, WhatsApp, push)
 * @param preheader the email preheader, the preview line after the subject (email only)
 * @param html the email's HTML body with Liquid; sanitized when saved (email only)
 */
public record TemplateRequest(@Nullable String name, @Nullable String channel, @Nullable String category,
		@Nullable String subject, @Nullable String body, @Nullable String preheader, @Nullable String html) {

	TemplateDraft toDraft() {
		return new TemplateDraft(this.name, this.channel, this.category, this.subject, this.body, this.preheader,
				this.html);
	}

}
