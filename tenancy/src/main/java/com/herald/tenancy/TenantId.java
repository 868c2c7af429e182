package com.herald.tenancy;

import java.util.UUID;

/** Identifies a {@link Tenant}. */
public record TenantId(UUID value) implements java.io.Serializable {

	public TenantId {
		java.util.Objects.requireNonNull(value, "value");
	}

	public static TenantId of(String value) {
		return new TenantId(UUID.fromString(value));
	}

	public static TenantId random() {
		return new TenantId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
