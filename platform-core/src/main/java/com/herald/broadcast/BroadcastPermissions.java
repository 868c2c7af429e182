package com.herald.broadcast;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.Actor;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreId;

/**
 * Who may do what with broadcasts. Tenant admins do everything; store managers write,
 * launch and steer their stores' broadcasts (never a tenant-wide one); compliance
 * officers read; only a tenant admin who is not the author approves. Herald itself (the
 * launcher) acts as a system actor.
 */
public final class BroadcastPermissions {

	private static final Set<Role> WRITE = Set.of(Role.TENANT_ADMIN, Role.SUPER_ADMIN, Role.STORE_MANAGER);

	private static final Set<Role> READ = Set.of(Role.TENANT_ADMIN, Role.SUPER_ADMIN, Role.STORE_MANAGER,
			Role.COMPLIANCE_OFFICER);

	private static final Set<Role> APPROVE = Set.of(Role.TENANT_ADMIN, Role.SUPER_ADMIN);

	private BroadcastPermissions() {
	}

	public static void requireRead(Actor actor) {
		require(actor, READ, "see broadcasts");
	}

	public static void requireWrite(Actor actor) {
		require(actor, WRITE, "write or send broadcasts");
	}

	public static void requireApprove(Actor actor) {
		require(actor, APPROVE, "approve broadcasts");
	}

	public static void requireSettings(Actor actor) {
		require(actor, APPROVE, "change broadcast settings");
	}

	/** Store managers only see and steer broadcasts of their own stores. */
	public static boolean canSee(Actor actor, @Nullable StoreId store) {
		return !actor.hasRole(Role.STORE_MANAGER) || (store != null && actor.canActOnStore(store));
	}

	static void requireStore(Actor actor, @Nullable StoreId store) {
		if (actor.hasRole(Role.STORE_MANAGER) && (store == null || !actor.canActOnStore(store))) {
			throw new PermissionDeniedException("Store managers send broadcasts for their own stores only");
		}
	}

	private static void require(Actor actor, Set<Role> roles, String what) {
		if (actor.type() == Actor.Type.SYSTEM && actor.role() == null) {
			return;
		}
		if (actor.role() == null || !roles.contains(actor.role())) {
			throw new PermissionDeniedException("Your role does not allow you to " + what);
		}
	}

}
