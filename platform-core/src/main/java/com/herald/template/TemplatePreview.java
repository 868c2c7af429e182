package com.herald.template;

import org.jspecify.annotations.Nullable;

import com.herald.contact.ContactId;

/**
 * A template rendered for one real contact.
 *
 * @param contactId who it was rendered for
 * @param subject the rendered subject (email only)
 * @param body the rendered body, exactly as it would be sent
 * @param sms what the rendered body costs as an SMS
 * @param email the rendered email (subject, HTML, plain text), for email templates
 */
public record TemplatePreview(ContactId contactId, @Nullable String subject, String body, SmsSegments sms,
		@Nullable RenderedEmail email) {

}
