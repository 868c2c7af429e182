package com.herald.api.contact;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Contacts to upsert in one call, for CRM sync.
 *
 * @param items 1 to 1,000 contacts, each as {@code PUT /api/v1/contacts} takes it
 */
public record BatchRequest(@Nullable List<ContactRequest> items) {

}
