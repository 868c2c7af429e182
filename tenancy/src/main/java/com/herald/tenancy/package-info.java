/**
 * Tenants, their stores, the people who work for them and what each may do: user
 * accounts, memberships with roles, invitations and API keys. Binds the tenant of every
 * transaction to the database session so PostgreSQL's row-level security isolates
 * tenants, and declares the {@link com.herald.tenancy.AuditTrail} port that every state
 * change writes to. Shared by all other modules; depends on none.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
@NullMarked
package com.herald.tenancy;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
