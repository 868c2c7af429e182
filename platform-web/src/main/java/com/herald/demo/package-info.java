/**
 * The demo: with {@code HERALD_DEMO=true} (or the {@code demo} profile), seeds a demo
 * tenant with two stores and one user per role so a fresh start has something to look at.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
@NullMarked
package com.herald.demo;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
