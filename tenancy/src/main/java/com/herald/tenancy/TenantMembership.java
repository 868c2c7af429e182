package com.herald.tenancy;

import java.util.Set;

/**
 * One tenant a user may work for, with the role held there: what sign-in offers in the
 * tenant picker and turns into authorities.
 */
public record TenantMembership(TenantId tenantId, String tenantSlug, String tenantName, boolean tenantActive, Role role,
		Set<StoreId> storeIds) implements java.io.Serializable {

	public TenantMembership {
		storeIds = Set.copyOf(storeIds);
	}

}
