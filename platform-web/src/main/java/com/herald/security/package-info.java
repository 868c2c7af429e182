/**
 * Who is calling and what they may do: local accounts (Argon2id, lockout), OIDC sign-in,
 * tenant selection, API keys and JWT bearer tokens for {@code /api/v1}, and the
 * per-request binding of the caller's tenant.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
@NullMarked
package com.herald.security;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
