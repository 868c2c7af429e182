package com.herald.audience;

import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The comparisons a {@link Condition} may make; which apply depends on the field's kind.
 */
public enum Operator {

	EQUALS, NOT_EQUALS, IN, CONTAINS, STARTS_WITH, GT, GTE, LT, LTE, BETWEEN, EXISTS, WITHIN_LAST_DAYS, BEFORE, AFTER,
	/** Tags: has at least one of the values. */
	ANY,
	/** Tags: has every value. */
	ALL,
	/** Tags: has none of the values. */
	NONE;

	/** The form the builder sends: {@code equals}, {@code within_last_days}, … */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Optional<Operator> fromKey(@Nullable String key) {
		if (key == null) {
			return Optional.empty();
		}
		for (Operator operator : values()) {
			if (operator.key().equals(key.strip().toLowerCase(Locale.ROOT))) {
				return Optional.of(operator);
			}
		}
		return Optional.empty();
	}

}
