package com.herald.imports;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.Actor;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreId;

/**
 * Tenant admins import into the tenant (any store or none); store managers import into
 * one of their stores and see only their stores' imports.
 */
final class ImportPermissions {

	private static final Set<Role> IMPORTERS = Set.of(Role.TENANT_ADMIN, Role.SUPER_ADMIN, Role.STORE_MANAGER);

	private ImportPermissions() {
	}

	static void requireImporter(Actor actor) {
		if (actor.role() == null || !IMPORTERS.contains(actor.role())) {
			throw new PermissionDeniedException("Your role does not allow you to import contacts");
		}
	}

	static boolean isStoreLimited(Actor actor) {
		return actor.hasRole(Role.STORE_MANAGER);
	}

	static boolean canSee(Actor actor, @Nullable StoreId store) {
		return !isStoreLimited(actor) || (store != null && actor.canActOnStore(store));
	}

}
