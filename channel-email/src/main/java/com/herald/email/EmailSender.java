package com.herald.email;

import org.jspecify.annotations.Nullable;

/**
 * Who an email is from: the store's identity, else the tenant's, else the platform's.
 *
 * @param fromName the display name
 * @param fromAddress the sender address
 * @param replyTo where replies go, when not to the sender
 */
public record EmailSender(String fromName, String fromAddress, @Nullable String replyTo) {
}
