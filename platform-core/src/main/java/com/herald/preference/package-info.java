/**
 * The preference center behind the public pages every message links to: signed, expiring
 * per-contact links ({@link com.herald.preference.PreferenceLinks}), and what a recipient
 * does through them (unsubscribe, choose channels × categories, quiet hours, pause,
 * resubscribe), recorded in the consent ledger and the audit trail like any other change.
 */
@ApplicationModule(allowedDependencies = { "contact", "consent", "delivery" })
@NullMarked
package com.herald.preference;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
