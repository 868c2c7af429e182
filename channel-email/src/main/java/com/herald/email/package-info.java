/**
 * Email: per-tenant and per-store settings (sender identities, provider order, SendGrid
 * credentials sealed with the SecretBox), the sandbox provider with its outbox, and the
 * providers in sub-packages ({@code sendgrid}; SMTP, DKIM and tracking in {@code smtp},
 * {@code dkim}, {@code tracking}). Implements the channel SPI of platform-core. Other
 * code finds a tenant's or store's sender through {@link com.herald.email.EmailSenders}.
 */
@NullMarked
package com.herald.email;

import org.jspecify.annotations.NullMarked;
