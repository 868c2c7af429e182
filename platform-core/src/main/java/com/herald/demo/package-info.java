/**
 * The demo and synthetic data: {@link com.herald.demo.ContactGenerator} (here, in
 * platform-core, so the bench can use it without the web) seeds realistic contacts with
 * consent, suppressions and preferences; with {@code HERALD_DEMO=true} (or the
 * {@code demo} profile) platform-web's {@code DemoData} seeds a demo tenant with two
 * stores, one user per role and {@code herald.demo.contacts} generated contacts so a
 * fresh start has something to look at.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
@NullMarked
package com.herald.demo;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
