/**
 * The audit trail: implements {@link com.herald.tenancy.AuditTrail} by appending to
 * {@code audit_events} inside the caller's transaction (the database chains each event to
 * the previous one of its tenant), and lets compliance officers search, export and verify
 * it. Never updates or deletes an event; the database would refuse.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
@NullMarked
package com.herald.audit;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
