package com.herald.tenancy;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The port every state change writes its audit event to, inside the caller's transaction,
 * so the change and its record commit or roll back together. Declared here, below every
 * other module, so tenancy can audit itself; implemented by the {@code audit} module.
 */
public interface AuditTrail {

	/**
	 * Appends an event to the actor's tenant chain (or the platform chain for platform
	 * actors).
	 * @param actor who acted
	 * @param action what happened, {@code noun.verb} in the past tense
	 * ({@code store.created})
	 * @param target what it happened to, if anything
	 * @param before summary of the state before, for changes
	 * @param after summary of the state after
	 */
	void record(Actor actor, String action, @Nullable Target target, @Nullable Map<String, ?> before,
			@Nullable Map<String, ?> after);

	default void record(Actor actor, String action, @Nullable Target target) {
		record(actor, action, target, null, null);
	}

	/**
	 * What an audit event is about.
	 *
	 * @param type kind of thing ({@code tenant}, {@code store}, {@code membership})
	 * @param id its id
	 * @param storeId the store it belongs to, when store-scoped
	 */
	record Target(String type, String id, @Nullable StoreId storeId) {

		public static Target of(String type, Object id) {
			return new Target(type, String.valueOf(id), null);
		}

		public static Target inStore(String type, Object id, StoreId storeId) {
			return new Target(type, String.valueOf(id), storeId);
		}

	}

}
