/**
 * The REST API under {@code /api/v1}: JSON over the same services the pages use, errors
 * as problem+json, documented by the generated OpenAPI document at {@code /v3/api-docs}.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
@NullMarked
package com.herald.api;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
