/**
 * Email over SMTP with Jakarta Mail: per-tenant (and per-store) server settings with the
 * password sealed at rest, pooled connections reused across messages, the message itself
 * (multipart text and HTML, List-Unsubscribe per RFC 8058, a correlation header) and the
 * mapping of SMTP replies to send outcomes.
 */
@NamedInterface("smtp")
@NullMarked
package com.herald.email.smtp;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
