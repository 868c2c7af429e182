package com.herald.tenancy;

import java.util.UUID;

/** Identifies a {@link Store}. */
public record StoreId(UUID value) implements java.io.Serializable {

	public StoreId {
		java.util.Objects.requireNonNull(value, "value");
	}

	public static StoreId of(String value) {
		return new StoreId(UUID.fromString(value));
	}

	public static StoreId random() {
		return new StoreId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
