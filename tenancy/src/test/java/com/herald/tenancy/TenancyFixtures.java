package com.herald.tenancy;

import org.springframework.stereotype.Component;

/**
 * {@link TwoTenants} as a bean, so a test needs one field instead of the three services
 * the fixture is built with. Shipped in the tenancy test-jar; component scanning of any
 * test application under {@code com.herald} finds it.
 */
@Component
public class TenancyFixtures {

	private final TenantService tenants;

	private final StoreService stores;

	private final InvitationService invitations;

	TenancyFixtures(TenantService tenants, StoreService stores, InvitationService invitations) {
		this.tenants = tenants;
		this.stores = stores;
		this.invitations = invitations;
	}

	/** Two fresh tenants, each with two stores and one person per role. */
	public TwoTenants twoTenants() {
		return TwoTenants.create(this.tenants, this.stores, this.invitations);
	}

	/** One fresh tenant with two stores and one person per role. */
	public TwoTenants.TenantFixture tenant() {
		return TwoTenants.tenant(this.tenants, this.stores, this.invitations);
	}

}
