package com.herald.api.email;

import org.jspecify.annotations.Nullable;

import com.herald.email.EmailSettingsChange;

/**
 * New email settings; they replace the old ones. Omitted or blank fields are cleared,
 * except {@code sendgridApiKey}: leave it out to keep the stored key. Store managers may
 * send only the sender fields, for their own stores.
 *
 * @param fromName the sender name
 * @param fromAddress the sender address
 * @param replyTo the reply-to address
 * @param primaryProvider {@code sendgrid} or {@code smtp}; omitted means automatic
 * @param secondaryProvider the provider that takes over while the primary fails
 * @param sendgridApiKey a new SendGrid API key; omitted keeps the stored one (it is never
 * returned)
 * @param clearSendgridApiKey forget the stored API key (use the platform's)
 * @param sendgridWebhookKey the Event Webhook verification key (base64 ECDSA public key)
 */
public record EmailSettingsRequest(@Nullable String fromName, @Nullable String fromAddress, @Nullable String replyTo,
		@Nullable String primaryProvider, @Nullable String secondaryProvider, @Nullable String sendgridApiKey,
		@Nullable Boolean clearSendgridApiKey, @Nullable String sendgridWebhookKey) {

	EmailSettingsChange change() {
		return new EmailSettingsChange(this.fromName, this.fromAddress, this.replyTo, this.primaryProvider,
				this.secondaryProvider, this.sendgridApiKey, Boolean.TRUE.equals(this.clearSendgridApiKey),
				this.sendgridWebhookKey);
	}

}
