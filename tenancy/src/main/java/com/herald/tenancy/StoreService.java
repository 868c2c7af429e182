package com.herald.tenancy;

import java.util.List;
import java.util.Map;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/**
 * A tenant's stores. Tenant admins create and edit them; store managers see and edit only
 * their own.
 */
@Service
public class StoreService {

	private final StoreRepository stores;

	private final TenantTransactions transactions;

	private final AuditTrail audit;

	StoreService(StoreRepository stores, TenantTransactions transactions, AuditTrail audit) {
		this.stores = stores;
		this.transactions = transactions;
		this.audit = audit;
	}

	public Page<Store> list(Actor actor, Pageable pageable) {
		TenantId tenant = actor.requireTenant();
		return this.transactions.readInTenant(tenant, () -> {
			if (actor.hasRole(Role.STORE_MANAGER)) {
				List<Store> own = this.stores.findByTenantIdOrderByName(tenant.value())
					.stream()
					.filter((store) -> actor.canActOnStore(store.getId()))
					.toList();
				if (pageable.isUnpaged()) {
					return new PageImpl<>(own, pageable, own.size());
				}
				int from = (int) Math.min(pageable.getOffset(), own.size());
				int to = Math.min(from + pageable.getPageSize(), own.size());
				return new PageImpl<>(own.subList(from, to), pageable, own.size());
			}
			return this.stores.findByTenantId(tenant.value(), pageable);
		});
	}

	/** Every store of the tenant, by name: for pickers (invitations, filters). */
	public List<Store> listAll(TenantId tenant) {
		return this.transactions.readInTenant(tenant, () -> this.stores.findByTenantIdOrderByName(tenant.value()));
	}

	public Store get(Actor actor, StoreId id) {
		TenantId tenant = actor.requireTenant();
		Store store = this.transactions.readInTenant(tenant, () -> find(tenant, id));
		PermissionDeniedException.requireStore(actor, id);
		return store;
	}

	public Store create(Actor actor, StoreDetails details) {
		PermissionDeniedException.requireRole(actor, Role.TENANT_ADMIN, Role.SUPER_ADMIN);
		TenantId tenant = actor.requireTenant();
		StoreDetails clean = validate(details);
		return this.transactions.inTenant(tenant, () -> {
			if (this.stores.existsByTenantIdAndNameIgnoreCase(tenant.value(), clean.name())) {
				throw new DuplicateException("name", "A store named " + clean.name() + " already exists");
			}
			Store store = this.stores.saveAndFlush(new Store(tenant, StoreId.random(), clean));
			this.audit.record(actor, "store.created", AuditTrail.Target.inStore("store", store.getId(), store.getId()),
					null, clean.summary());
			return store;
		});
	}

	public Store update(Actor actor, StoreId id, StoreDetails details) {
		PermissionDeniedException.requireRole(actor, Role.TENANT_ADMIN, Role.STORE_MANAGER, Role.SUPER_ADMIN);
		TenantId tenant = actor.requireTenant();
		StoreDetails clean = validate(details);
		return this.transactions.inTenant(tenant, () -> {
			Store store = find(tenant, id);
			PermissionDeniedException.requireStore(actor, id);
			Map<String, Object> before = store.getDetails().summary();
			if (!store.getName().equalsIgnoreCase(clean.name())
					&& this.stores.existsByTenantIdAndNameIgnoreCase(tenant.value(), clean.name())) {
				throw new DuplicateException("name", "A store named " + clean.name() + " already exists");
			}
			store.apply(clean);
			this.stores.saveAndFlush(store);
			this.audit.record(actor, "store.updated", AuditTrail.Target.inStore("store", id, id), before,
					clean.summary());
			return store;
		});
	}

	/** Whether every id names a store of the tenant. */
	boolean allExist(TenantId tenant, java.util.Set<StoreId> ids) {
		return ids.isEmpty() || this.stores.countByTenantIdAndIdIn(tenant.value(),
				ids.stream().map(StoreId::value).toList()) == ids.size();
	}

	private Store find(TenantId tenant, StoreId id) {
		return this.stores.findByTenantIdAndId(tenant.value(), id.value())
			.orElseThrow(() -> new NotFoundException("Store", id));
	}

	private static StoreDetails validate(StoreDetails details) {
		String phoneRegion = Inputs.country("defaultPhoneRegion", details.defaultPhoneRegion());
		return new StoreDetails(Inputs.text("name", details.name(), 200), details.timezone(),
				Inputs.text("addressLine1", details.addressLine1(), 200),
				Inputs.optionalText("addressLine2", details.addressLine2(), 200),
				Inputs.text("city", details.city(), 100), Inputs.optionalText("region", details.region(), 100),
				Inputs.text("postalCode", details.postalCode(), 20), Inputs.country("country", details.country()),
				phoneRegion);
	}

}
