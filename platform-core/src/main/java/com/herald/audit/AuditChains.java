package com.herald.audit;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.TenantId;

/**
 * Which hash chain an event belongs to: its tenant's, or the platform's for work outside
 * any tenant.
 */
public final class AuditChains {

	/** The platform chain's key in {@code audit_events.tenant_id}. */
	public static final UUID PLATFORM = new UUID(0, 0);

	private AuditChains() {
	}

	public static UUID of(@Nullable TenantId tenant) {
		return (tenant != null) ? tenant.value() : PLATFORM;
	}

}
