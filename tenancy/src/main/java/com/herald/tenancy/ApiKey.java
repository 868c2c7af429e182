package com.herald.tenancy;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's credential for the REST API. Only a SHA-256 hash of its secret is kept (the
 * secret is 256 random bits, so a slow hash adds nothing); the whole key is shown once,
 * when it is created.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey {

	@Id
	private UUID id;

	@Column(name = "tenant_id")
	private UUID tenantId;

	private String name;

	private String prefix;

	@Column(name = "secret_hash")
	private String secretHash;

	@Enumerated(EnumType.STRING)
	private Role role;

	@Column(name = "created_by")
	private @Nullable UUID createdBy;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "last_used_at")
	private @Nullable Instant lastUsedAt;

	@Column(name = "revoked_at")
	private @Nullable Instant revokedAt;

	@Version
	private long version;

	protected ApiKey() {
	}

	ApiKey(TenantId tenantId, String name, Role role, String prefix, String secretHash, @Nullable UUID createdBy) {
		this.id = UUID.randomUUID();
		this.tenantId = tenantId.value();
		this.name = name;
		this.role = role;
		this.prefix = prefix;
		this.secretHash = secretHash;
		this.createdBy = createdBy;
		this.createdAt = Instant.now();
	}

	public ApiKeyId getId() {
		return new ApiKeyId(this.id);
	}

	public UUID getTenantId() {
		return this.tenantId;
	}

	public TenantId tenant() {
		return new TenantId(this.tenantId);
	}

	public String getName() {
		return this.name;
	}

	public String getPrefix() {
		return this.prefix;
	}

	String getSecretHash() {
		return this.secretHash;
	}

	public Role getRole() {
		return this.role;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public @Nullable Instant getLastUsedAt() {
		return this.lastUsedAt;
	}

	public @Nullable Instant getRevokedAt() {
		return this.revokedAt;
	}

	public boolean isRevoked() {
		return this.revokedAt != null;
	}

	void revoke(Instant now) {
		if (this.revokedAt != null) {
			throw new InvalidInputException("apiKey", "This API key is already revoked");
		}
		this.revokedAt = now;
	}

	void markUsed(Instant now) {
		this.lastUsedAt = now;
	}

}
