/**
 * Audiences: a criteria tree (AND / OR / NOT groups of conditions over contact fields,
 * typed attributes, tags and consent) compiled to parameterised SQL over
 * {@code contacts}, then counted (matched and reachable per channel) and sampled. User
 * input only ever reaches the database as bound parameters. Engagement conditions (last
 * sent, delivered, clicked, replied) are refused until the delivery module records them.
 */
@ApplicationModule(allowedDependencies = { "contact", "consent" })
@NullMarked
package com.herald.audience;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
