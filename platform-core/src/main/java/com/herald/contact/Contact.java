package com.herald.contact;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

import com.herald.tenancy.StoreId;
import com.herald.tenancy.TenantId;

/**
 * A person a tenant reaches. Every field but the id is optional, yet a live contact has
 * at least one identifier (external id, email or phone), and each identifier is unique
 * among the tenant's live contacts. Values are stored clean: email lowercased, phone in
 * E.164, locale as a BCP 47 tag, timezone as an IANA id, tags lowercased.
 * <p>
 * An erased contact keeps its id, store, timezone and dates, for anonymous statistics;
 * everything else is gone.
 */
@Entity
@Table(name = "contacts")
public class Contact {

	@Id
	private UUID id;

	@Column(name = "tenant_id")
	private UUID tenantId;

	@Column(name = "external_id")
	private @Nullable String externalId;

	@Column(name = "first_name")
	private @Nullable String firstName;

	@Column(name = "last_name")
	private @Nullable String lastName;

	private @Nullable String email;

	@Column(name = "phone_e164")
	private @Nullable String phone;

	private @Nullable String locale;

	private @Nullable String timezone;

	@Column(name = "store_id")
	private @Nullable UUID storeId;

	@JdbcTypeCode(SqlTypes.JSON)
	@Column(columnDefinition = "jsonb")
	private Map<String, Object> attributes;

	@JdbcTypeCode(SqlTypes.ARRAY)
	@Column(columnDefinition = "text[]")
	private String[] tags;

	@Column(name = "created_at")
	private Instant createdAt;

	@Column(name = "updated_at")
	private Instant updatedAt;

	@Column(name = "erased_at")
	private @Nullable Instant erasedAt;

	@Version
	private long version;

	protected Contact() {
	}

	Contact(TenantId tenantId, ContactId id, Instant now) {
		this.id = id.value();
		this.tenantId = tenantId.value();
		this.attributes = new LinkedHashMap<>();
		this.tags = new String[0];
		this.createdAt = now;
		this.updatedAt = now;
	}

	public ContactId getId() {
		return new ContactId(this.id);
	}

	public UUID getTenantId() {
		return this.tenantId;
	}

	public TenantId tenant() {
		return new TenantId(this.tenantId);
	}

	public @Nullable String getExternalId() {
		return this.externalId;
	}

	public @Nullable String getFirstName() {
		return this.firstName;
	}

	public @Nullable String getLastName() {
		return this.lastName;
	}

	/** First and last name, or {@code null} when neither is known. */
	public @Nullable String getDisplayName() {
		String name = ((this.firstName != null) ? this.firstName : "") + " "
				+ ((this.lastName != null) ? this.lastName : "");
		return name.isBlank() ? null : name.strip();
	}

	public @Nullable String getEmail() {
		return this.email;
	}

	/** The phone number in E.164. */
	public @Nullable String getPhone() {
		return this.phone;
	}

	/** The BCP 47 language tag. */
	public @Nullable String getLocale() {
		return this.locale;
	}

	public @Nullable ZoneId getTimezone() {
		return (this.timezone != null) ? ZoneId.of(this.timezone) : null;
	}

	public @Nullable StoreId getStoreId() {
		return (this.storeId != null) ? new StoreId(this.storeId) : null;
	}

	/** Attribute values are text, numbers or booleans. */
	public Map<String, Object> getAttributes() {
		return Collections.unmodifiableMap(this.attributes);
	}

	/** Sorted. */
	public Set<String> getTags() {
		return Collections.unmodifiableSet(new TreeSet<>(Arrays.asList(this.tags)));
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public @Nullable Instant getErasedAt() {
		return this.erasedAt;
	}

	public boolean isErased() {
		return this.erasedAt != null;
	}

	public long getVersion() {
		return this.version;
	}

	/** Whether the contact has an external id, an email or a phone. */
	boolean hasIdentifier() {
		return this.externalId != null || this.email != null || this.phone != null;
	}

	// Setters report whether the value changed, so callers can list what a change did.

	boolean setExternalId(@Nullable String value) {
		boolean changed = !Objects.equals(this.externalId, value);
		this.externalId = value;
		return changed;
	}

	boolean setFirstName(@Nullable String value) {
		boolean changed = !Objects.equals(this.firstName, value);
		this.firstName = value;
		return changed;
	}

	boolean setLastName(@Nullable String value) {
		boolean changed = !Objects.equals(this.lastName, value);
		this.lastName = value;
		return changed;
	}

	boolean setEmail(@Nullable String value) {
		boolean changed = !Objects.equals(this.email, value);
		this.email = value;
		return changed;
	}

	boolean setPhone(@Nullable String value) {
		boolean changed = !Objects.equals(this.phone, value);
		this.phone = value;
		return changed;
	}

	boolean setLocale(@Nullable String value) {
		boolean changed = !Objects.equals(this.locale, value);
		this.locale = value;
		return changed;
	}

	boolean setTimezone(@Nullable ZoneId value) {
		String id = (value != null) ? value.getId() : null;
		boolean changed = !Objects.equals(this.timezone, id);
		this.timezone = id;
		return changed;
	}

	boolean setStoreId(@Nullable StoreId value) {
		UUID id = (value != null) ? value.value() : null;
		boolean changed = !Objects.equals(this.storeId, id);
		this.storeId = id;
		return changed;
	}

	/**
	 * Replaces the attributes (a new map, so Hibernate sees the change); values must be
	 * non-null.
	 */
	void setAttributes(Map<String, Object> attributes) {
		this.attributes = new LinkedHashMap<>(attributes);
	}

	boolean setTags(Set<String> tags) {
		String[] sorted = new TreeSet<>(tags).toArray(String[]::new);
		boolean changed = !Arrays.equals(new TreeSet<>(Arrays.asList(this.tags)).toArray(String[]::new), sorted);
		this.tags = sorted;
		return changed;
	}

	void touch(Instant now) {
		this.updatedAt = now;
	}

	/** Removes everything personal; keeps the id, store, timezone and dates. */
	void erase(Instant now) {
		this.externalId = null;
		this.firstName = null;
		this.lastName = null;
		this.email = null;
		this.phone = null;
		this.locale = null;
		this.attributes = new LinkedHashMap<>();
		this.tags = new String[0];
		this.erasedAt = now;
		this.updatedAt = now;
	}

}
