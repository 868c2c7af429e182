package com.herald.email;

import org.jspecify.annotations.Nullable;

/**
 * New email settings; they replace the old ones. Blank fields clear a value; a blank
 * {@code sendgridApiKey} keeps the stored key (it is never shown, so a form cannot send
 * it back). Store managers may change only the sender identity of their stores: any
 * provider field they send is refused.
 *
 * @param fromName the sender name (at most 100 characters)
 * @param fromAddress the sender address
 * @param replyTo the reply-to address
 * @param primaryProvider {@code sendgrid}, {@code smtp}, or blank for automatic
 * @param secondaryProvider the failover provider, or blank for none
 * @param sendgridApiKey a new SendGrid API key, or blank to keep the stored one
 * @param clearSendgridApiKey forget the stored API key (use the platform's)
 * @param sendgridWebhookKey SendGrid's Event Webhook verification key (base64 DER of the
 * ECDSA P-256 public key)
 */
public record EmailSettingsChange(@Nullable String fromName, @Nullable String fromAddress, @Nullable String replyTo,
		@Nullable String primaryProvider, @Nullable String secondaryProvider, @Nullable String sendgridApiKey,
		boolean clearSendgridApiKey, @Nullable String sendgridWebhookKey) {

	/** Whether it touches anything beyond the sender identity. */
	boolean touchesProviders() {
		return present(this.primaryProvider) || present(this.secondaryProvider) || present(this.sendgridApiKey)
				|| this.clearSendgridApiKey || present(this.sendgridWebhookKey);
	}

	private static boolean present(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
