package com.herald.tenancy;

import java.util.UUID;

/** Identifies a {@link Invitation}. */
public record InvitationId(UUID value) implements java.io.Serializable {

	public InvitationId {
		java.util.Objects.requireNonNull(value, "value");
	}

	public static InvitationId of(String value) {
		return new InvitationId(UUID.fromString(value));
	}

	public static InvitationId random() {
		return new InvitationId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
