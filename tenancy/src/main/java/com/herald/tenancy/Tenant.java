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

/**
 * A business using Herald: the unit of isolation. Only platform work creates or changes
 * one.
 */
@Entity
@Table(name = "tenants")
public class Tenant {

	@Id
	private UUID id;

	private String slug;

	private String name;

	@Enumerated(EnumType.STRING)
	private TenantStatus status;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	@Version
	private long version;

	protected Tenant() {
	}

	Tenant(TenantId id, String slug, String name) {
		this.id = id.value();
		this.slug = slug;
		this.name = name;
		this.status = TenantStatus.ACTIVE;
		this.createdAt = Instant.now();
		this.updatedAt = this.createdAt;
	}

	public TenantId getId() {
		return new TenantId(this.id);
	}

	/** The tenant's own id; {@code Tenant} is the one entity whose tenant is itself. */
	public UUID getTenantId() {
		return this.id;
	}

	public String getSlug() {
		return this.slug;
	}

	public String getName() {
		return this.name;
	}

	public TenantStatus getStatus() {
		return this.status;
	}

	public boolean isActive() {
		return this.status == TenantStatus.ACTIVE;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	void rename(String newName) {
		this.name = newName;
		this.updatedAt = Instant.now();
	}

	void suspend() {
		if (this.status == TenantStatus.SUSPENDED) {
			throw new IllegalStateException("Tenant " + this.slug + " is already suspended");
		}
		this.status = TenantStatus.SUSPENDED;
		this.updatedAt = Instant.now();
	}

	void reactivate() {
		if (this.status == TenantStatus.ACTIVE) {
			throw new IllegalStateException("Tenant " + this.slug + " is already active");
		}
		this.status = TenantStatus.ACTIVE;
		this.updatedAt = Instant.now();
	}

}
