package com.herald.tenancy;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A user's role in one tenant; a store manager's membership also names its stores. */
@Entity
@Table(name = "memberships")
public class Membership {

	@Id
	private UUID id;

	@Column(name = "tenant_id")
	private UUID tenantId;

	@Column(name = "user_id")
	private UUID userId;

	@Enumerated(EnumType.STRING)
	private Role role;

	// membership_stores.tenant_id defaults to the bound tenant, which row-level security
	// checks
	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "membership_stores", joinColumns = @JoinColumn(name = "membership_id"))
	@Column(name = "store_id")
	private Set<UUID> storeIds = new HashSet<>();

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	@Version
	private long version;

	protected Membership() {
	}

	Membership(TenantId tenantId, UserId userId, Role role, Set<StoreId> stores) {
		this.id = UUID.randomUUID();
		this.tenantId = tenantId.value();
		this.userId = userId.value();
		this.createdAt = Instant.now();
		change(role, stores);
	}

	void change(Role newRole, Set<StoreId> stores) {
		this.role = newRole;
		this.storeIds.clear();
		if (newRole == Role.STORE_MANAGER) {
			stores.forEach((store) -> this.storeIds.add(store.value()));
		}
		this.updatedAt = Instant.now();
	}

	public MembershipId getId() {
		return new MembershipId(this.id);
	}

	public UUID getTenantId() {
		return this.tenantId;
	}

	public TenantId tenant() {
		return new TenantId(this.tenantId);
	}

	public UserId getUserId() {
		return new UserId(this.userId);
	}

	public Role getRole() {
		return this.role;
	}

	public Set<StoreId> getStoreIds() {
		return this.storeIds.stream().map(StoreId::new).collect(Collectors.toUnmodifiableSet());
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
