package com.herald.tenancy;

/**
 * What a person or API key may do. {@link #SUPER_ADMIN} is a platform role held by a user
 * account; the others are held per tenant through a membership.
 */
public enum Role {

	/** Runs the platform and its tenants. */
	SUPER_ADMIN,

	/** Runs one business: its stores, users, settings and everything its stores do. */
	TENANT_ADMIN,

	/** Runs the stores of its membership, and nothing else in the tenant. */
	STORE_MANAGER,

	/** Reads and exports the audit trail. */
	COMPLIANCE_OFFICER;

	/** Roles a membership can hold (all but the platform role). */
	public static final java.util.Set<Role> TENANT_ROLES = java.util.EnumSet.of(TENANT_ADMIN, STORE_MANAGER,
			COMPLIANCE_OFFICER);

	public boolean isTenantRole() {
		return TENANT_ROLES.contains(this);
	}

}
