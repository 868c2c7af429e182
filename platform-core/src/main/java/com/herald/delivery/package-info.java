/**
 * Deliveries: the send queue (one row per recipient × channel × step), its status machine
 * and the per-broadcast rollups the tracking page reads. Every change of a delivery's
 * status goes through {@link com.herald.delivery.DeliveryQueue} (workers' claims and send
 * outcomes) or {@link com.herald.delivery.DeliveryStatusRecorder} (provider callbacks,
 * replies), which adjust the rollups in the same transaction: counts are never recomputed
 * by scanning deliveries. Status reports are idempotent and never move a delivery
 * backwards.
 */
@ApplicationModule(allowedDependencies = { "channel", "consent", "contact" })
@NullMarked
package com.herald.delivery;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
