package com.herald.tenancy;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Who does something, and from where: the first argument of every command, and what fills
 * the audit row written in the same transaction (Kill Bill's call context).
 *
 * @param type person, API key, Herald itself, or someone not signed in
 * @param id user or API key id, if any
 * @param label what the audit shows for the actor (an email, a key name)
 * @param tenantId the tenant acted for; {@code null} for platform work
 * @param role the role acted in
 * @param storeIds for a store manager, the stores it may act on; empty otherwise
 * @param ip client address, if known
 * @param userAgent client user agent, if known
 */
public record Actor(Type type, @Nullable String id, @Nullable String label, @Nullable TenantId tenantId,
		@Nullable Role role, Set<StoreId> storeIds, @Nullable String ip, @Nullable String userAgent) {

	public Actor {
		storeIds = Set.copyOf(storeIds);
	}

	/** Kinds of actor, as the audit trail records them. */
	public enum Type {

		USER, API_KEY, SYSTEM, ANONYMOUS

	}

	/** Herald itself (schedulers, start-up), optionally within a tenant. */
	public static Actor system(@Nullable TenantId tenantId) {
		return new Actor(Type.SYSTEM, null, "herald", tenantId, null, Set.of(), null, null);
	}

	public Actor withTenant(@Nullable TenantId tenant, @Nullable Role tenantRole, Set<StoreId> stores) {
		return new Actor(this.type, this.id, this.label, tenant, tenantRole, stores, this.ip, this.userAgent);
	}

	public boolean hasRole(Role candidate) {
		return this.role == candidate;
	}

	public boolean isSuperAdmin() {
		return this.role == Role.SUPER_ADMIN;
	}

	/** The tenant this actor acts for; fails for platform actors. */
	public TenantId requireTenant() {
		if (this.tenantId == null) {
			throw new IllegalStateException("This action needs a tenant");
		}
		return this.tenantId;
	}

	/**
	 * Whether this actor may act on {@code store}: store managers only on their own
	 * stores.
	 */
	public boolean canActOnStore(StoreId store) {
		return this.role != Role.STORE_MANAGER || this.storeIds.contains(store);
	}

}
