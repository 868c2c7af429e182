package com.herald.email.tracking;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's tracking setting for SMTP email.
 *
 * @param enabled whether opens and clicks are tracked (off by default)
 * @param updatedAt when it last changed
 * @param updatedBy who changed it
 */
public record TrackingSettings(boolean enabled, @Nullable Instant updatedAt, @Nullable String updatedBy) {
}
