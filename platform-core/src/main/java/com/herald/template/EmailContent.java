package com.herald.template;

import org.jspecify.annotations.Nullable;

/**
 * What an email says, as its author wrote it (Liquid in every part): the subject, the
 * preheader (the preview line inboxes show after the subject) and the HTML body. The
 * plain-text part is derived from the HTML when it is rendered.
 *
 * @param subject the subject line
 * @param preheader the preview line, optional
 * @param html the HTML body, sanitized when saved
 */
public record EmailContent(String subject, @Nullable String preheader, String html) {

}
