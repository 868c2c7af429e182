package com.herald.tenancy;

/** Where an invitation stands. */
public enum InvitationStatus {

	PENDING, ACCEPTED, REVOKED, EXPIRED

}
