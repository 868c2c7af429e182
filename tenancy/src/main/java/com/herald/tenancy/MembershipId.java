package com.herald.tenancy;

import java.util.UUID;

/** Identifies a {@link Membership}. */
public record MembershipId(UUID value) implements java.io.Serializable {

	public MembershipId {
		java.util.Objects.requireNonNull(value, "value");
	}

	public static MembershipId of(String value) {
		return new MembershipId(UUID.fromString(value));
	}

	public static MembershipId random() {
		return new MembershipId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
