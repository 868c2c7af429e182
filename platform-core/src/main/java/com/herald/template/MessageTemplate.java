package com.herald.template;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;

/**
 * A saved message for one channel and one message category: a Liquid body for SMS,
 * WhatsApp and push; subject, preheader and sanitized HTML for email.
 *
 * @param id the template
 * @param name unique per tenant, case-insensitively
 * @param channel the channel it is written for
 * @param category promotional, transactional or one of the tenant's own categories
 * @param subject the email subject (Liquid too); {@code null} for other channels
 * @param body the Liquid body; {@code null} for email
 * @param preheader the email preheader, if any
 * @param html the email's HTML body; {@code null} for other channels
 * @param createdAt when created
 * @param updatedAt when last changed
 */
public record MessageTemplate(UUID id, String name, Channel channel, String category, @Nullable String subject,
		@Nullable String body, @Nullable String preheader, @Nullable String html, Instant createdAt,
		Instant updatedAt) {

	/** The email content of an email template. */
	public @Nullable EmailContent email() {
		return (this.html != null && this.subject != null) ? new EmailContent(this.subject, this.preheader, this.html)
				: null;
	}

}
