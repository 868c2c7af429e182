/**
 * Audiences: a criteria tree (AND / OR / NOT groups of conditions over contact fields,
 * typed attributes, tags, consent and static lists) compiled to parameterised SQL over
 * {@code contacts}, then counted (matched and reachable per channel) and sampled; saved
 * segments and static lists of contacts (from a selection or a CSV). User input only ever
 * reaches the database as bound parameters. Engagement conditions (last sent, delivered,
 * clicked, replied) are refused until the delivery module records them.
 */
@ApplicationModule(allowedDependencies = { "contact", "consent", "csv" })
@NullMarked
package com.herald.audience;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
