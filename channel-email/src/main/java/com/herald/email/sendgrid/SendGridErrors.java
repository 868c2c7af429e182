package com.herald.email.sendgrid;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading SendGrid's error answers. */
final class SendGridErrors {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int MAX_MESSAGE = 300;

	private SendGridErrors() {
	}

	/**
	 * The first error's message ({@code {"errors":[{"message":…,"field":…}]}}), or a
	 * short excerpt of an answer that is not SendGrid's JSON.
	 */
	static String message(@Nullable String body) {
		if (body == null || body.isBlank()) {
			return "no details";
		}
		try {
			JsonNode first = JSON.readTree(body).path("errors").path(0);
			String message = first.path("message").asString("");
			String field = first.path("field").asString("");
			if (!message.isEmpty()) {
				return truncate(field.isEmpty() ? message : message + " (" + field + ")");
			}
		}
		catch (JacksonException ex) {
			// not JSON: a proxy's page, say
		}
		return truncate(body.strip());
	}

	/**
	 * How long SendGrid asked us to wait: {@code Retry-After} seconds, else until
	 * {@code X-RateLimit-Reset} (epoch seconds); null when it said neither.
	 */
	static @Nullable Duration retryAfter(@Nullable String retryAfter, @Nullable String rateLimitReset, Instant now) {
		try {
			if (retryAfter != null) {
				return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.strip())));
			}
			if (rateLimitReset != null) {
				long wait = Long.parseLong(rateLimitReset.strip()) - now.getEpochSecond();
				return (wait > 0) ? Duration.ofSeconds(Math.min(wait, 3600)) : null;
			}
		}
		catch (NumberFormatException ex) {
			return null;
		}
		return null;
	}

	private static String truncate(String text) {
		return (text.length() > MAX_MESSAGE) ? text.substring(0, MAX_MESSAGE) + "…" : text;
	}

}
