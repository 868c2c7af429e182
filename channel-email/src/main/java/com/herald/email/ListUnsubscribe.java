package com.herald.email;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.herald.channel.OutboundMessage;

/**
 * The List-Unsubscribe headers of one email: the engine's one-click HTTPS link (message
 * metadata {@code unsubscribeUrl}) and the configured {@code mailto:} (RFC 2369), plus
 * {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click} when there is an HTTPS link
 * (RFC 8058 requires one). Every provider adds the same headers.
 */
public final class ListUnsubscribe {

	/** The metadata key the engine puts the one-click HTTPS link under. */
	public static final String URL_KEY = "unsubscribeUrl";

	public static final String HEADER = "List-Unsubscribe";

	public static final String POST_HEADER = "List-Unsubscribe-Post";

	private ListUnsubscribe() {
	}

	/** The headers to add, empty when the message has no link and no mailto is set. */
	public static Map<String, String> headers(OutboundMessage message, @Nullable String mailto) {
		String url = message.metadata().get(URL_KEY);
		boolean https = url != null && url.startsWith("https://") && safe(url);
		StringBuilder value = new StringBuilder();
		if (https) {
			value.append('<').append(url).append('>');
		}
		if (mailto != null && !mailto.isBlank() && safe(mailto)) {
			if (!value.isEmpty()) {
				value.append(", ");
			}
			value.append("<mailto:").append(mailto.strip()).append("?subject=unsubscribe>");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		if (!value.isEmpty()) {
			headers.put(HEADER, value.toString());
		}
		if (https) {
			headers.put(POST_HEADER, "List-Unsubscribe=One-Click");
		}
		return headers;
	}

	private static boolean safe(String value) {
		return value.chars().noneMatch((c) -> c <= 0x20 || c == '<' || c == '>' || c == ',');
	}

}
