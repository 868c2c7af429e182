/**
 * Broadcasts: what to send (channel, Liquid body, category), to whom (a saved segment or
 * an ad-hoc criteria tree), when (now, at an instant, at a local time in each recipient's
 * timezone, or spread over a window) and where each stands (draft → awaiting approval →
 * scheduled → sending ⇄ paused → completed | cancelled | failed). Every transition is
 * checked against the actor's role and audited.
 * {@link com.herald.broadcast.BroadcastLauncher} runs at the scheduled time
 * (db-scheduler, once across nodes): it snapshots the audience and materialises one
 * delivery per reachable recipient, set-based.
 */
@ApplicationModule(
		allowedDependencies = { "audience", "consent", "contact", "template", "delivery", "channel", "pricing" })
@NullMarked
package com.herald.broadcast;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
