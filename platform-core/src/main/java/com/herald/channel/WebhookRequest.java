package com.herald.channel;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A webhook exactly as received, for signature checks: the public URL the provider called
 * (as configured, for proxies), the headers, the form parameters and the raw body bytes.
 *
 * @param publicUrl the full URL the provider signed, including the query string
 * @param headers the headers, names lower-cased
 * @param parameters the form (or query) parameters
 * @param body the raw body as received
 */
public record WebhookRequest(String publicUrl, Map<String, List<String>> headers, Map<String, List<String>> parameters,
		byte[] body) {

	public @Nullable String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	public @Nullable String parameter(String name) {
		List<String> values = this.parameters.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

}
