/**
 * Message templates: Liquid personalisation ({@code {{ contact.first_name | default:
 * "there" }}}, attributes, store fields, the opt-out line) compiled once and rendered per
 * recipient, with syntax errors and unknown variables reported before anything is saved.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package com.herald.template;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
