package com.herald.tenancy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/**
 * An offer of a role in a tenant, sent to an email address. Accepting it (through the
 * link that carries its token) creates the membership, and the account when the person
 * has none.
 */
@Entity
@Table(name = "invitations")
public class Invitation {

	@Id
	private UUID id;

	@Column(name = "tenant_id")
	private UUID tenantId;

	private String email;

	@Enumerated(EnumType.STRING)
	private Role role;

	@JdbcTypeCode(SqlTypes.ARRAY)
	@Column(name = "store_ids", columnDefinition = "uuid[]")
	private UUID[] storeIds;

	@Column(name = "token_hash")
	private String tokenHash;

	@Column(name = "invited_by")
	private @Nullable UUID invitedBy;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "expires_at")
	private Instant expiresAt;

	@Column(name = "accepted_at")
	private @Nullable Instant acceptedAt;

	@Column(name = "revoked_at")
	private @Nullable Instant revokedAt;

	@Version
	private long version;

	protected Invitation() {
	}

	Invitation(TenantId tenantId, String email, Role role, Set<StoreId> stores, String tokenHash,
			@Nullable UUID invitedBy, Instant expiresAt) {
		this.id = UUID.randomUUID();
		this.tenantId = tenantId.value();
		this.email = email;
		this.role = role;
		this.storeIds = stores.stream().map(StoreId::value).toArray(UUID[]::new);
		this.tokenHash = tokenHash;
		this.invitedBy = invitedBy;
		this.createdAt = Instant.now();
		this.expiresAt = expiresAt;
	}

	public InvitationId getId() {
		return new InvitationId(this.id);
	}

	public UUID getTenantId() {
		return this.tenantId;
	}

	public TenantId tenant() {
		return new TenantId(this.tenantId);
	}

	public String getEmail() {
		return this.email;
	}

	public Role getRole() {
		return this.role;
	}

	public Set<StoreId> getStoreIds() {
		return Arrays.stream(this.storeIds).map(StoreId::new).collect(Collectors.toUnmodifiableSet());
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getExpiresAt() {
		return this.expiresAt;
	}

	public @Nullable Instant getAcceptedAt() {
		return this.acceptedAt;
	}

	public @Nullable Instant getRevokedAt() {
		return this.revokedAt;
	}

	public InvitationStatus status(Instant now) {
		if (this.acceptedAt != null) {
			return InvitationStatus.ACCEPTED;
		}
		if (this.revokedAt != null) {
			return InvitationStatus.REVOKED;
		}
		return this.expiresAt.isAfter(now) ? InvitationStatus.PENDING : InvitationStatus.EXPIRED;
	}

	void accept(Instant now) {
		requirePending(now);
		this.acceptedAt = now;
	}

	void revoke(Instant now) {
		requirePending(now);
		this.revokedAt = now;
	}

	private void requirePending(Instant now) {
		InvitationStatus status = status(now);
		if (status != InvitationStatus.PENDING) {
			throw new InvalidInputException("invitation", "This invitation is " + status.name().toLowerCase());
		}
	}

}
