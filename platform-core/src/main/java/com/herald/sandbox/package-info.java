/**
 * What the sandbox providers of every channel share: the outbox receipts that report
 * recorded messages delivered, and the checks of a sandbox {@code CommunicationChannel}.
 * A module of its own because it needs {@code tenancy} (platform-wide receipts), which
 * the channel SPI must not depend on.
 */
@ApplicationModule(allowedDependencies = { "channel", "consent", "tenancy" })
@NullMarked
package com.herald.sandbox;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
