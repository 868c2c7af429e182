package com.herald.web.template;

import org.jspecify.annotations.Nullable;

import com.herald.template.MessageTemplate;
import com.herald.template.TemplateDraft;

/**
 * The template form as posted, kept as typed so a refused form shows it again.
 *
 * @param name the name
 * @param channel the channel key
 * @param category the category
 * @param subject the email subject
 * @param body the Liquid body
 * @param preheader the email preheader
 * @param html the email's HTML
 */
record TemplateForm(@Nullable String name, @Nullable String channel, @Nullable String category,
		@Nullable String subject, @Nullable String body, @Nullable String preheader, @Nullable String html) {

	static TemplateForm empty() {
		return new TemplateForm("", "sms", "promotional", "", "", "", "");
	}

	static TemplateForm of(MessageTemplate template) {
		return new TemplateForm(template.name(), template.channel().key(), template.category(), template.subject(),
				template.body(), template.preheader(), template.html());
	}

	TemplateDraft toDraft() {
		return new TemplateDraft(this.name, this.channel, this.category, this.subject, this.body, this.preheader,
				this.html);
	}

	String bodyText() {
		return (this.body != null) ? this.body : "";
	}

}
