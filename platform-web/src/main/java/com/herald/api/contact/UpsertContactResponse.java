package com.herald.api.contact;

/**
 * What {@code PUT /api/v1/contacts} did.
 *
 * @param outcome {@code CREATED}, {@code UPDATED} or {@code UNCHANGED}
 * @param contact the contact as it now is
 */
public record UpsertContactResponse(String outcome, ContactResponse contact) {

}
