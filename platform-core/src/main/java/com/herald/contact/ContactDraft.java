package com.herald.contact;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.StoreId;

/**
 * A contact as someone describes it: a form, an API call, a CSV row. Values are raw; the
 * service cleans and checks them. For {@link ContactService#create create} this is the
 * whole contact. For {@link ContactService#upsert upsert}, the fields given
 * (non-{@code null}) replace the stored ones, attributes are merged (a {@code null} value
 * removes that attribute) and tags are added.
 *
 * @param externalId the contact's id in the tenant's own system (a CRM)
 * @param firstName first name
 * @param lastName last name
 * @param email email address
 * @param phone phone number, in any format; numbers without a country code are read in
 * the store's (else the tenant's) default region
 * @param locale BCP 47 language tag
 * @param timezone IANA time zone; derived when missing
 * @param storeId the store the contact belongs to
 * @param attributes free attributes: snake_case keys, text, number or boolean values
 * @param tags tags
 */
public record ContactDraft(@Nullable String externalId, @Nullable String firstName, @Nullable String lastName,
		@Nullable String email, @Nullable String phone, @Nullable String locale, @Nullable String timezone,
		@Nullable StoreId storeId, Map<String, @Nullable Object> attributes, Set<String> tags) {

	public ContactDraft {
		// copies that allow null values (a null attribute means "remove")
		attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
		tags = Collections.unmodifiableSet(new LinkedHashSet<>(tags));
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Builds a draft field by field. */
	public static final class Builder {

		private @Nullable String externalId;

		private @Nullable String firstName;

		private @Nullable String lastName;

		private @Nullable String email;

		private @Nullable String phone;

		private @Nullable String locale;

		private @Nullable String timezone;

		private @Nullable StoreId storeId;

		private final Map<String, @Nullable Object> attributes = new LinkedHashMap<>();

		private final Set<String> tags = new LinkedHashSet<>();

		private Builder() {
		}

		public Builder externalId(@Nullable String value) {
			this.externalId = value;
			return this;
		}

		public Builder firstName(@Nullable String value) {
			this.firstName = value;
			return this;
		}

		public Builder lastName(@Nullable String value) {
			this.lastName = value;
			return this;
		}

		public Builder email(@Nullable String value) {
			this.email = value;
			return this;
		}

		public Builder phone(@Nullable String value) {
			this.phone = value;
			return this;
		}

		public Builder locale(@Nullable String value) {
			this.locale = value;
			return this;
		}

		public Builder timezone(@Nullable String value) {
			this.timezone = value;
			return this;
		}

		public Builder storeId(@Nullable StoreId value) {
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

		public Builder tag(String tag) {
			this.tags.add(tag);
			return this;
		}

		public Builder tags(Set<String> values) {
			this.tags.addAll(values);
			return this;
		}

		public ContactDraft build() {
			return new ContactDraft(this.externalId, this.firstName, this.lastName, this.email, this.phone, this.locale,
					this.timezone, this.storeId, this.attributes, this.tags);
		}

	}

}
