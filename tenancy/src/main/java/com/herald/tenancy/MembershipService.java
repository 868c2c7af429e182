package com.herald.tenancy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/**
 * Who works for a tenant and in which role. Tenant admins change roles and remove people;
 * a tenant never loses its last tenant admin.
 */
@Service
public class MembershipService {

	private final MembershipRepository memberships;

	private final UserAccountRepository users;

	private final StoreService stores;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	MembershipService(MembershipRepository memberships, UserAccountRepository users, StoreService stores,
			TenantTransactions transactions, AuditTrail audit) {
		this.memberships = memberships;
		this.users = users;
		this.stores = stores;
		this.transactions = transactions;
		this.audit = audit;
	}

	public Page<Member> list(Actor actor, Pageable pageable) {
		PermissionDeniedException.requireRole(actor, Role.TENANT_ADMIN, Role.SUPER_ADMIN);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant,
				() -> this.memberships.findByTenantId(tenant.value(), pageable).map(this::toMember));
	}

	public Member get(Actor actor, MembershipId id) {
		PermissionDeniedException.requireRole(actor, Role.TENANT_ADMIN, Role.SUPER_ADMIN);
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> toMember(find(tenant, id)));
	}

	public Member change(Actor actor, MembershipId id, Role role, Set<StoreId> storeIds) {
		PermissionDeniedException.requireRole(actor, Role.TENANT_ADMIN, Role.SUPER_ADMIN);
		TenantId tenant = actor.requireTenant();
		validateRole(role, storeIds);
		return this.transactions.inTenant(tenant, () -> {
			if (!this.stores.allExist(tenant, storeIds)) {
				throw new InvalidInputException("storeIds", "Choose stores of this tenant");
			}
			Membership membership = find(tenant, id);
			Map<String, Object> before = summary(membership);
			if (membership.getRole() == Role.TENANT_ADMIN && role != Role.TENANT_ADMIN) {
				requireAnotherAdmin(tenant);
			}
			membership.change(role, storeIds);
			this.memberships.saveAndFlush(membership);
			this.audit.record(actor, "membership.changed", target(membership), before, summary(membership));
			return toMember(membership);
		});
	}

	public void remove(Actor actor, MembershipId id) {
		PermissionDeniedException.requireRole(actor, Role.TENANT_ADMIN, Role.SUPER_ADMIN);
		TenantId tenant = actor.requireTenant();
		this.transactions.runInTenant(tenant, () -> {
			Membership membership = find(tenant, id);
			if (membership.getRole() == Role.TENANT_ADMIN) {
				requireAnotherAdmin(tenant);
			}
			this.memberships.delete(membership);
			this.memberships.flush();
			this.audit.record(actor, "membership.removed", target(membership), summary(membership), null);
		});
	}

	/**
	 * Adds a membership, for an accepted invitation; the caller's transaction is bound to
	 * the tenant.
	 */
	Membership add(TenantId tenant, UserId user, Role role, Set<StoreId> storeIds) {
		if (this.memberships.findByTenantIdAndUserId(tenant.value(), user.value()).isPresent()) {
			throw new DuplicateException("email", "This person already works for this tenant");
		}
		return this.memberships.saveAndFlush(new Membership(tenant, user, role, storeIds));
	}

	boolean isMember(TenantId tenant, UserId user) {
		return this.memberships.findByTenantIdAndUserId(tenant.value(), user.value()).isPresent();
	}

	static void validateRole(Role role, Set<StoreId> storeIds) {
		if (!role.isTenantRole()) {
			throw new InvalidInputException("role", "Choose a tenant role");
		}
		if (role == Role.STORE_MANAGER && storeIds.isEmpty()) {
			throw new InvalidInputException("storeIds", "A store manager needs at least one store");
		}
	}

	private void requireAnotherAdmin(TenantId tenant) {
		if (this.memberships.countByTenantIdAndRole(tenant.value(), Role.TENANT_ADMIN) <= 1) {
			throw new InvalidInputException("role", "A tenant needs at least one tenant admin");
		}
	}

	private Membership find(TenantId tenant, MembershipId id) {
		return this.memberships.findByTenantIdAndId(tenant.value(), id.value())
			.orElseThrow(() -> new NotFoundException("Membership", id));
	}

	private Member toMember(Membership membership) {
		UserAccount user = this.users.findById(membership.getUserId().value()).orElseThrow();
		return new Member(membership.getId(), user.getId(), user.getEmail(), user.getDisplayName(),
				membership.getRole(), membership.getStoreIds(), membership.getCreatedAt(), user.getLastLoginAt());
	}

	private static AuditTrail.Target target(Membership membership) {
		return AuditTrail.Target.of("membership", membership.getId());
	}

	static Map<String, Object> summary(Membership membership) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("userId", membership.getUserId().toString());
		summary.put("role", membership.getRole().name());
		summary.put("storeIds", membership.getStoreIds().stream().map(StoreId::toString).sorted().toList());
		return summary;
	}

}
