package com.herald.tenancy;

import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;

/**
 * Two tenants, each with two stores and one person per role, all created through the
 * services as real ones are. Slugs and emails are unique per call, so tests sharing one
 * database never collide. Every person's password is {@link #PASSWORD}.
 *
 * @param a the first tenant
 * @param b the second tenant
 */
public record TwoTenants(TenantFixture a, TenantFixture b) {

	public static final String PASSWORD = "fixture-password-2026";

	/**
	 * One tenant of the pair.
	 *
	 * @param tenant the tenant
	 * @param storeOne its first store (the store manager's)
	 * @param storeTwo its second store (not the store manager's)
	 * @param adminEmail its tenant admin
	 * @param managerEmail its store manager, for {@code storeOne} only
	 * @param complianceEmail its compliance officer
	 */
	public record TenantFixture(Tenant tenant, Store storeOne, Store storeTwo, String adminEmail, String managerEmail,
			String complianceEmail) {

		public TenantId id() {
			return this.tenant.getId();
		}

		/**
		 * An actor with this tenant's admin role, for calling services directly in tests.
		 */
		public Actor admin(UserAccountService accounts) {
			return actor(accounts, this.adminEmail, Role.TENANT_ADMIN, Set.of());
		}

		public Actor manager(UserAccountService accounts) {
			return actor(accounts, this.managerEmail, Role.STORE_MANAGER, Set.of(this.storeOne.getId()));
		}

		public Actor compliance(UserAccountService accounts) {
			return actor(accounts, this.complianceEmail, Role.COMPLIANCE_OFFICER, Set.of());
		}

		private Actor actor(UserAccountService accounts, String email, Role role, Set<StoreId> stores) {
			UserAccount user = accounts.findByEmail(email).orElseThrow();
			return new Actor(Actor.Type.USER, user.getId().toString(), email, id(), role, stores, "127.0.0.1", "test");
		}

	}

	/**
	 * A super admin actor that is not backed by an account: for platform calls in tests.
	 */
	public static Actor platform() {
		return new Actor(Actor.Type.SYSTEM, null, "test fixture", null, Role.SUPER_ADMIN, Set.of(), null, null);
	}

	public static TwoTenants create(TenantService tenants, StoreService stores, InvitationService invitations) {
		return new TwoTenants(tenant(tenants, stores, invitations), tenant(tenants, stores, invitations));
	}

	public static TenantFixture tenant(TenantService tenants, StoreService stores, InvitationService invitations) {
		String key = UUID.randomUUID().toString().substring(0, 8);
		Tenant tenant = tenants.create(platform(), "t-" + key, "Tenant " + key);
		Actor inTenant = platform().withTenant(tenant.getId(), Role.SUPER_ADMIN, Set.of());
		Store one = stores.create(inTenant, new StoreDetails("North " + key, ZoneId.of("America/New_York"),
				"1 North Street", null, "Albany", "NY", "12201", "US", "US"));
		Store two = stores.create(inTenant, new StoreDetails("South " + key, ZoneId.of("Europe/Madrid"), "2 Calle Sur",
				null, "Madrid", null, "28001", "ES", "ES"));
		String admin = "admin-" + key + "@fixture.test";
		String manager = "manager-" + key + "@fixture.test";
		String compliance = "compliance-" + key + "@fixture.test";
		join(invitations, inTenant, admin, Role.TENANT_ADMIN, Set.of());
		join(invitations, inTenant, manager, Role.STORE_MANAGER, Set.of(one.getId()));
		join(invitations, inTenant, compliance, Role.COMPLIANCE_OFFICER, Set.of());
		return new TenantFixture(tenant, one, two, admin, manager, compliance);
	}

	private static void join(InvitationService invitations, Actor actor, String email, Role role, Set<StoreId> stores) {
		String token = invitations.invite(actor, email, role, stores).token();
		invitations.accept(token, email.substring(0, email.indexOf('@')), PASSWORD, "127.0.0.1", "test");
	}

}
