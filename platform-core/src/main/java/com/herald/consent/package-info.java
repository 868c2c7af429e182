/**
 * Consent and its limits: a per-contact, per-channel consent ledger (append-only, with
 * source, time, client details and the exact wording agreed to) and the current status
 * derived from it; preferences (channel × category opt-ins, quiet hours, frequency cap);
 * tenant messaging defaults (TCPA quiet hours for promotional SMS); a suppression list
 * that always wins. {@link com.herald.consent.Reachability} combines them into one
 * answer: may this contact be sent this message now?
 */
@ApplicationModule(allowedDependencies = { "contact" })
@NullMarked
package com.herald.consent;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
