/**
 * Herald's own open and click tracking for SMTP email, per tenant (off unless turned on):
 * links in the HTML are rewritten to signed redirect URLs and a 1x1 pixel is added; the
 * public endpoints record opens and clicks as engagement events and redirect only to the
 * URL signed into the link. Unsubscribe and preference links are never rewritten.
 */
@NamedInterface("tracking")
@NullMarked
package com.herald.email.tracking;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
