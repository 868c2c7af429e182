/**
 * File downloads that pages and the REST API both offer (rejected import rows, audit
 * exports): streamed attachments with the same headers, never cached. A module of its own
 * because pages ({@code web}) and the REST API ({@code api}) must not use each other.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.herald.download;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
