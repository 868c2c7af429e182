package com.herald.tenancy;

/** A suspended tenant's users cannot sign in or act, and its API keys stop working. */
public enum TenantStatus {

	ACTIVE, SUSPENDED

}
