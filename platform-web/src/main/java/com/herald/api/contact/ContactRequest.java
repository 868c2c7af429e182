package com.herald.api.contact;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A contact as the caller describes it: whole for create; for upsert and batch, the
 * fields given replace the stored ones, attributes merge (a {@code null} value removes
 * one) and tags are added.
 *
 * @param externalId the contact's id in the caller's system (a CRM)
 * @param firstName first name
 * @param lastName last name
 * @param email email address
 * @param phone phone number in any format; numbers without a country code are read in the
 * store's (else the tenant's) default region; answered in E.164
 * @param locale BCP 47 language tag, like {@code en-US}
 * @param timezone IANA time zone; derived from the store or the phone number when missing
 * @param storeId the store the contact belongs to (required for store managers)
 * @param attributes free attributes: snake_case keys, text, number or boolean values
 * @param tags tags
 */
public record ContactRequest(@Nullable String externalId, @Nullable String firstName, @Nullable String lastName,
		@Nullable String email, @Nullable String phone, @Nullable String locale, @Nullable String timezone,
		@Nullable UUID storeId, @Nullable Map<String, @Nullable Object> attributes, @Nullable List<String> tags) {

}
