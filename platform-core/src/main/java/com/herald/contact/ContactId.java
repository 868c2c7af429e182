package com.herald.contact;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** Identifies a {@link Contact}. */
public record ContactId(UUID value) implements Serializable {

	public ContactId {
		Objects.requireNonNull(value, "value");
	}

	public static ContactId of(String value) {
		return new ContactId(UUID.fromString(value));
	}

	public static ContactId random() {
		return new ContactId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
