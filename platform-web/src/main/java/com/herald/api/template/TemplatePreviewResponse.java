package com.herald.api.template;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.template.TemplatePreview;

/**
 * A template rendered for one contact.
 *
 * @param contactId the contact
 * @param subject the rendered subject (email)
 * @param body the rendered body, as it would be sent
 * @param sms what the rendered body costs as an SMS
 * @param html the rendered, sanitized HTML with its footer (email); {@code body} is then
 * its plain-text part
 */
public record TemplatePreviewResponse(UUID contactId, @Nullable String subject, String body, SmsResponse sms,
		@Nullable String html) {

	static TemplatePreviewResponse of(TemplatePreview preview) {
		return new TemplatePreviewResponse(preview.contactId().value(), preview.subject(), preview.body(),
				SmsResponse.of(preview.sms()), (preview.email() != null) ? preview.email().html() : null);
	}

}
