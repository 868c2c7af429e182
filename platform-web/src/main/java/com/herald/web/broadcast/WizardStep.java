package com.herald.web.broadcast;

import java.util.Arrays;
import java.util.Optional;

/**
 * The wizard's steps, in order. Each saves the draft before the next one opens, so
 * leaving halfway loses nothing.
 */
enum WizardStep {

	CHANNEL("channel", "Channel"), AUDIENCE("audience", "Audience"), COMPOSE("compose", "Message"),
	SCHEDULE("schedule", "Schedule"), REVIEW("review", "Review");

	private final String key;

	private final String label;

	WizardStep(String key, String label) {
		this.key = key;
		this.label = label;
	}

	public String key() {
		return this.key;
	}

	public String label() {
		return this.label;
	}

	/** The step after this one (review is the last). */
	WizardStep next() {
		return values()[Math.min(ordinal() + 1, values().length - 1)];
	}

	static Optional<WizardStep> fromKey(String key) {
		return Arrays.stream(values()).filter((step) -> step.key.equals(key)).findFirst();
	}

}
