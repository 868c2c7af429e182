/**
 * Contacts: the people a tenant reaches, with typed core fields (names, email, E.164
 * phone, locale, timezone, store), free JSONB attributes and tags. Keeps identifiers
 * unique per tenant and reports clashes instead of merging silently; merges on request;
 * exports and erases a contact's data for GDPR. Modules that hold more data about
 * contacts plug into export, merge and erasure through {@link ContactDataHolder}.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.herald.contact;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
