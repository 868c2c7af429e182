package com.herald.preference;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's branding as stored; {@code null} means the default.
 *
 * @param displayName the name recipients know the tenant by; default: the tenant's name
 * @param logoUrl an https URL of the logo; default: none
 * @param accentColor {@code #rrggbb}; default: {@link Branding#DEFAULT_ACCENT}
 */
public record BrandingSettings(@Nullable String displayName, @Nullable String logoUrl, @Nullable String accentColor) {

}
