package com.herald.tenancy;

import java.util.UUID;

/** Identifies a {@link UserAccount}. */
public record UserId(UUID value) implements java.io.Serializable {

	public UserId {
		java.util.Objects.requireNonNull(value, "value");
	}

	public static UserId of(String value) {
		return new UserId(UUID.fromString(value));
	}

	public static UserId random() {
		return new UserId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
