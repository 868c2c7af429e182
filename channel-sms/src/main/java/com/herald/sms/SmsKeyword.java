package com.herald.sms;

import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What an inbound message asks for. The carriers' standard keywords count when they are
 * the whole message (any case, surrounding whitespace and punctuation ignored); Twilio's
 * own classification ({@code OptOutType}) wins when it sends one.
 */
public enum SmsKeyword {

	OPT_OUT, OPT_IN, HELP, REPLY;

	private static final Set<String> OPT_OUT_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
			"REVOKE", "OPTOUT");

	private static final Set<String> OPT_IN_WORDS = Set.of("START", "UNSTOP", "YES");

	private static final Set<String> HELP_WORDS = Set.of("HELP", "INFO");

	/** The stored form: {@code opt_out}, {@code opt_in}, {@code help}, {@code reply}. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static SmsKeyword of(String body, @Nullable String optOutType) {
		if (optOutType != null && !optOutType.isBlank()) {
			switch (optOutType.strip().toUpperCase(Locale.ROOT)) {
				case "STOP" -> {
					return OPT_OUT;
				}
				case "START" -> {
					return OPT_IN;
				}
				case "HELP" -> {
					return HELP;
				}
				default -> {
					// an unknown classification: fall back to the words
				}
			}
		}
		String word = body.strip().replaceAll("^[\\p{Punct}\\s]+|[\\p{Punct}\\s]+$", "").toUpperCase(Locale.ROOT);
		if (OPT_OUT_WORDS.contains(word)) {
			return OPT_OUT;
		}
		if (OPT_IN_WORDS.contains(word)) {
			return OPT_IN;
		}
		if (HELP_WORDS.contains(word)) {
			return HELP;
		}
		return REPLY;
	}

}
