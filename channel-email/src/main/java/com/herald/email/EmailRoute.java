package com.herald.email;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How one tenant's (or store's) email goes out, after store settings, tenant settings and
 * the platform defaults are merged. Holds the decrypted SendGrid API key: never log it or
 * show it.
 *
 * @param sender who emails are from
 * @param providers the providers chosen, primary first; empty means automatic
 * @param sendgridApiKey the SendGrid API key, when one is set here or for the platform
 * @param sendgridWebhookKey the Event Webhook verification key
 */
public record EmailRoute(EmailSender sender, List<String> providers, @Nullable String sendgridApiKey,
		@Nullable String sendgridWebhookKey) {

	public EmailRoute {
		providers = List.copyOf(providers);
	}

	/** Whether SendGrid may send for this tenant: a key, and chosen (or automatic). */
	public boolean sendsWithSendGrid() {
		return this.sendgridApiKey != null && (this.providers.isEmpty() || this.providers.contains("sendgrid"));
	}

	@Override
	public String toString() {
		return "EmailRoute[" + this.sender + ", " + this.providers + ", key hidden]";
	}

}
