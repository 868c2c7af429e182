package com.herald.tenancy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/**
 * Tenant lifecycle: platform work, for super admins only, recorded in the platform audit
 * chain.
 */
@Service
public class TenantService {

	private final TenantRepository tenants;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	TenantService(TenantRepository tenants, TenantTransactions transactions, AuditTrail audit) {
		this.tenants = tenants;
		this.transactions = transactions;
		this.audit = audit;
	}

	public Page<Tenant> list(Actor actor, String query, Pageable pageable) {
		PermissionDeniedException.requireRole(actor, Role.SUPER_ADMIN);
		String q = query.strip();
		return this.transactions.readAsPlatform(
				() -> this.tenants.findByNameContainingIgnoreCaseOrSlugContainingIgnoreCase(q, q, pageable));
	}

	/** A tenant as the platform sees it (super admins) or as itself (its own members). */
	public Tenant get(Actor actor, TenantId id) {
		if (actor.isSuperAdmin()) {
			return this.transactions.readAsPlatform(() -> find(id));
		}
		return this.transactions.readInTenant(actor.requireTenant(), () -> find(id));
	}

	/**
	 * Whether the tenant exists and is active; asked on every signed-in request and API
	 * call.
	 */
	public boolean isActive(TenantId id) {
		return this.transactions
			.readAsPlatform(() -> this.tenants.findById(id.value()).map(Tenant::isActive).orElse(false));
	}

	public Tenant create(Actor actor, String slug, String name) {
		PermissionDeniedException.requireRole(actor, Role.SUPER_ADMIN);
		String cleanSlug = Inputs.slug("slug", slug);
		String cleanName = Inputs.text("name", name, 200);
		return this.transactions.asPlatform(() -> {
			if (this.tenants.existsBySlug(cleanSlug)) {
				throw new DuplicateException("slug", "The slug " + cleanSlug + " is already taken");
			}
			Tenant tenant = this.tenants.saveAndFlush(new Tenant(TenantId.random(), cleanSlug, cleanName));
			this.audit.record(actor, "tenant.created", target(tenant), null, summary(tenant));
			return tenant;
		});
	}

	public Tenant rename(Actor actor, TenantId id, String name) {
		PermissionDeniedException.requireRole(actor, Role.SUPER_ADMIN);
		String cleanName = Inputs.text("name", name, 200);
		return change(actor, id, "tenant.renamed", (tenant) -> tenant.rename(cleanName));
	}

	public Tenant suspend(Actor actor, TenantId id) {
		PermissionDeniedException.requireRole(actor, Role.SUPER_ADMIN);
		return change(actor, id, "tenant.suspended", Tenant::suspend);
	}

	public Tenant reactivate(Actor actor, TenantId id) {
		PermissionDeniedException.requireRole(actor, Role.SUPER_ADMIN);
		return change(actor, id, "tenant.reactivated", Tenant::reactivate);
	}

	private Tenant change(Actor actor, TenantId id, String action, java.util.function.Consumer<Tenant> change) {
		return this.transactions.asPlatform(() -> {
			Tenant tenant = find(id);
			Map<String, Object> before = summary(tenant);
			try {
				change.accept(tenant);
			}
			catch (IllegalStateException ex) {
				throw new InvalidInputException("status", ex.getMessage());
			}
			this.tenants.saveAndFlush(tenant);
			this.audit.record(actor, action, target(tenant), before, summary(tenant));
			return tenant;
		});
	}

	private Tenant find(TenantId id) {
		return this.tenants.findById(id.value()).orElseThrow(() -> new NotFoundException("Tenant", id));
	}

	private static AuditTrail.Target target(Tenant tenant) {
		return AuditTrail.Target.of("tenant", tenant.getId());
	}

	private static Map<String, Object> summary(Tenant tenant) {
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("slug", tenant.getSlug());
		summary.put("name", tenant.getName());
		summary.put("status", tenant.getStatus().name());
		return summary;
	}

}
