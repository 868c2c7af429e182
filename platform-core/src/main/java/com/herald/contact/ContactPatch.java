package com.herald.contact;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.StoreId;

/**
 * A change to a contact with patch semantics: only what it mentions changes. A field set
 * to {@code null} is cleared; attributes are merged (a {@code null} value removes that
 * attribute); tags, when given, replace the contact's tags.
 */
public final class ContactPatch {

	/** The text fields a patch can set or clear. */
	public enum Field {

		EXTERNAL_ID, FIRST_NAME, LAST_NAME, EMAIL, PHONE, LOCALE, TIMEZONE

	}

	private final Map<Field, Optional<String>> fields;

	private final boolean storeChanged;

	private final @Nullable StoreId storeId;

	private final Map<String, @Nullable Object> attributes;

	private final @Nullable Set<String> tags;

	private ContactPatch(Builder builder) {
		this.fields = Collections.unmodifiableMap(new EnumMap<>(builder.fields));
		this.storeChanged = builder.storeChanged;
		this.storeId = builder.storeId;
		this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(builder.attributes));
		this.tags = (builder.tags != null) ? Collections.unmodifiableSet(new LinkedHashSet<>(builder.tags)) : null;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The text fields mentioned; an empty value clears the field. */
	public Map<Field, Optional<String>> fields() {
		return this.fields;
	}

	public boolean storeChanged() {
		return this.storeChanged;
	}

	public @Nullable StoreId storeId() {
		return this.storeId;
	}

	public Map<String, @Nullable Object> attributes() {
		return this.attributes;
	}

	/** The new tags, or {@code null} to leave them. */
	public @Nullable Set<String> tags() {
		return this.tags;
	}

	/** Builds a patch; call only the setters for what changes. */
	public static final class Builder {

		private final Map<Field, Optional<String>> fields = new EnumMap<>(Field.class);

		private boolean storeChanged;

		private @Nullable StoreId storeId;

		private final Map<String, @Nullable Object> attributes = new LinkedHashMap<>();

		private @Nullable Set<String> tags;

		private Builder() {
		}

		public Builder set(Field field, @Nullable String value) {
			this.fields.put(field, Optional.ofNullable(value));
			return this;
		}

		public Builder externalId(@Nullable String value) {
			return set(Field.EXTERNAL_ID, value);
		}

		public Builder firstName(@Nullable String value) {
			return set(Field.FIRST_NAME, value);
		}

		public Builder lastName(@Nullable String value) {
			return set(Field.LAST_NAME, value);
		}

		public Builder email(@Nullable String value) {
			return set(Field.EMAIL, value);
		}

		public Builder phone(@Nullable String value) {
			return set(Field.PHONE, value);
		}

		public Builder locale(@Nullable String value) {
			return set(Field.LOCALE, value);
		}

		public Builder timezone(@Nullable String value) {
			return set(Field.TIMEZONE, value);
		}

		public Builder storeId(@Nullable StoreId value) {
			this.storeChanged = true;
			this.storeId = value;
			return this;
		}

		public Builder attribute(String key, @Nullable Object value) {
			this.attributes.put(key, value);
			return this;
		}

		public Builder attributes(Map<String, ?> values) {
			this.attributes.putAll(values);
			return this;
		}

		public Builder tags(Set<String> values) {
			this.tags = new LinkedHashSet<>(values);
			return this;
		}

		public ContactPatch build() {
			return new ContactPatch(this);
		}

	}

}
