package com.herald.template;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.consent.Channel;

/**
 * A saved message: a Liquid body for one channel and one message category.
 *
 * @param id the template
 * @param name unique per tenant, case-insensitively
 * @param channel the channel it is written for
 * @param category promotional, transactional or one of the tenant's own categories
 * @param subject the email subject (Liquid too); {@code null} for other channels
 * @param body the Liquid body
 * @param createdAt when created
 * @param updatedAt when last changed
 */
public record MessageTemplate(UUID id, String name, Channel channel, String category, @Nullable String subject,
		String body, Instant createdAt, Instant updatedAt) {

}
