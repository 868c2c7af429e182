/**
 * SMS pricing: a price per segment by recipient country (platform defaults, per-tenant
 * overrides) and the estimated cost of sending a message to an audience, summed in SQL
 * over the recipients' phone calling codes.
 */
@ApplicationModule(allowedDependencies = { "audience", "contact" })
@NullMarked
package com.herald.pricing;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
