package com.herald.contact;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.Actor;
import com.herald.tenancy.PermissionDeniedException;
import com.herald.tenancy.Role;
import com.herald.tenancy.StoreId;

/**
 * Who may do what with contacts, for this module and those built on it (consent). Tenant
 * admins and super admins acting in a tenant do everything; store managers work on the
 * contacts of their stores; compliance officers read, export and erase; Herald itself
 * (system actors: imports, webhooks, schedulers) changes contacts. API keys act in the
 * role they were given. Recipients acting through a signed preference link (anonymous
 * actors of a tenant) change their own consent and preferences.
 */
public final class ContactPermissions {

	private static final Set<Role> CHANGE = Set.of(Role.TENANT_ADMIN, Role.SUPER_ADMIN, Role.STORE_MANAGER);

	private static final Set<Role> READ = Set.of(Role.TENANT_ADMIN, Role.SUPER_ADMIN, Role.STORE_MANAGER,
			Role.COMPLIANCE_OFFICER);

	private static final Set<Role> PRIVACY = Set.of(Role.TENANT_ADMIN, Role.SUPER_ADMIN, Role.COMPLIANCE_OFFICER);

	private ContactPermissions() {
	}

	/** Create, change, delete, merge; record consent and preferences. */
	public static void requireChange(Actor actor) {
		require(actor, CHANGE, "change contacts");
	}

	/**
	 * Change what belongs to the whole tenant (segments, lists, templates, prices):
	 * tenant admins only, store managers are refused with {@code refusal}.
	 */
	public static void requireChangeEveryStore(Actor actor, String refusal) {
		requireChange(actor);
		if (isStoreLimited(actor)) {
			throw new PermissionDeniedException(refusal);
		}
	}

	/** See contacts, their consent and preferences. */
	public static void requireRead(Actor actor) {
		require(actor, READ, "see contacts");
	}

	/** Export or erase a contact's data (GDPR requests). */
	public static void requirePrivacy(Actor actor) {
		require(actor, PRIVACY, "export or erase contact data");
	}

	/**
	 * Store managers act only on contacts of their stores; a contact without a store is
	 * not one of them.
	 */
	public static void requireStore(Actor actor, @Nullable StoreId store) {
		if (actor.hasRole(Role.STORE_MANAGER) && (store == null || !actor.canActOnStore(store))) {
			throw new PermissionDeniedException("This contact does not belong to one of your stores");
		}
	}

	/**
	 * Whether the actor changes contacts of every store: what tenant-wide things built on
	 * contacts (segments, lists) need.
	 */
	public static boolean canChangeEveryStore(Actor actor) {
		try {
			requireChange(actor);
		}
		catch (PermissionDeniedException ex) {
			return false;
		}
		return !isStoreLimited(actor);
	}

	public static boolean isStoreLimited(Actor actor) {
		return actor.hasRole(Role.STORE_MANAGER);
	}

	private static void require(Actor actor, Set<Role> roles, String what) {
		if (actor.type() == Actor.Type.SYSTEM && actor.role() == null) {
			return;
		}
		if (actor.type() == Actor.Type.ANONYMOUS && actor.role() == null && actor.tenantId() != null) {
			// a recipient on the public preference pages: the signed link they followed
			// is
			// the permission, checked before this actor is made (it names one contact)
			return;
		}
		if (actor.role() == null || !roles.contains(actor.role())) {
			throw new PermissionDeniedException("Your role does not allow you to " + what);
		}
	}

}
