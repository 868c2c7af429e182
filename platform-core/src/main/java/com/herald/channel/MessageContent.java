package com.herald.channel;

import org.jspecify.annotations.Nullable;

/**
 * Rendered content. SMS and WhatsApp use {@code text}; email adds {@code subject} and
 * {@code html}; push uses {@code subject} as the title.
 *
 * @param text the text body (the plain-text part for email)
 * @param subject the subject or title
 * @param html the HTML body
 */
public record MessageContent(String text, @Nullable String subject, @Nullable String html) {

	public static MessageContent text(String text) {
		return new MessageContent(text, null, null);
	}

}
