/**
 * Message templates: Liquid personalisation ({@code {{ contact.first_name | default:
 * "there" }}}, attributes, store fields, the opt-out line) compiled once and rendered per
 * recipient, with syntax errors and unknown variables reported before anything is saved;
 * a preview against a real contact; and SMS segment counting ({@link SmsSegments}).
 */
@ApplicationModule(allowedDependencies = { "contact", "consent", "preference" })
@NullMarked
package com.herald.template;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
