package com.herald.template;

import org.jspecify.annotations.Nullable;

/**
 * An email rendered for one recipient, exactly as it is handed to the provider.
 *
 * @param subject the personalised subject
 * @param preheader the personalised preview line, also hidden at the top of the HTML
 * @param html the sanitized HTML, with the compliance footer for promotional email
 * @param text the plain-text part derived from the HTML, links as "text (url)"
 */
public record RenderedEmail(String subject, @Nullable String preheader, String html, String text) {

}
