package com.herald.tenancy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One location of a tenant's business. Its timezone schedules sends, its postal address
 * goes in marketing emails' footers (CAN-SPAM) and its phone region normalises local
 * numbers.
 */
@Entity
@Table(name = "stores")
public class Store {

	@Id
	private UUID id;

	@Column(name = "tenant_id")
	private UUID tenantId;

	private String name;

	private String timezone;

	@Column(name = "address_line1")
	private String addressLine1;

	@Column(name = "address_line2")
	private String addressLine2;

	private String city;

	private String region;

	@Column(name = "postal_code")
	private String postalCode;

	private String country;

	@Column(name = "default_phone_region")
	private String defaultPhoneRegion;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	@Version
	private long version;

	protected Store() {
	}

	Store(TenantId tenantId, StoreId id, StoreDetails details) {
		this.id = id.value();
		this.tenantId = tenantId.value();
		this.createdAt = Instant.now();
		apply(details);
	}

	void apply(StoreDetails details) {
		this.name = details.name();
		this.timezone = details.timezone().getId();
		this.addressLine1 = details.addressLine1();
		this.addressLine2 = details.addressLine2();
		this.city = details.city();
		this.region = details.region();
		this.postalCode = details.postalCode();
		this.country = details.country();
		this.defaultPhoneRegion = details.defaultPhoneRegion();
		this.updatedAt = Instant.now();
	}

	public StoreId getId() {
		return new StoreId(this.id);
	}

	public UUID getTenantId() {
		return this.tenantId;
	}

	public String getName() {
		return this.name;
	}

	public ZoneId getTimezone() {
		return ZoneId.of(this.timezone);
	}

	public StoreDetails getDetails() {
		return new StoreDetails(this.name, getTimezone(), this.addressLine1, this.addressLine2, this.city, this.region,
				this.postalCode, this.country, this.defaultPhoneRegion);
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

}
