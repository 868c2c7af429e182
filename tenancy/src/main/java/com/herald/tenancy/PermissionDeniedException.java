package com.herald.tenancy;

/** The actor's role, or its stores, do not allow this action. */
public class PermissionDeniedException extends RuntimeException {

	public PermissionDeniedException(String message) {
		super(message);
	}

	static void requireRole(Actor actor, Role... allowed) {
		for (Role role : allowed) {
			if (actor.hasRole(role)) {
				return;
			}
		}
		throw new PermissionDeniedException("This action needs one of the roles " + java.util.Arrays.toString(allowed));
	}

	static void requireStore(Actor actor, StoreId store) {
		if (!actor.canActOnStore(store)) {
			throw new PermissionDeniedException("Store " + store + " is not one of your stores");
		}
	}

}
