package com.herald.tenancy;

import java.util.UUID;

/** Identifies a {@link ApiKey}. */
public record ApiKeyId(UUID value) implements java.io.Serializable {

	public ApiKeyId {
		java.util.Objects.requireNonNull(value, "value");
	}

	public static ApiKeyId of(String value) {
		return new ApiKeyId(UUID.fromString(value));
	}

	public static ApiKeyId random() {
		return new ApiKeyId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
