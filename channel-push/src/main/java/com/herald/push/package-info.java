/**
 * Push through APNs (Pushy) and Web Push (VAPID): sending, token invalidation,
 * subscriptions. Implements the channel SPI of platform-core; arrives with the push
 * issue.
 */
@NullMarked
package com.herald.push;

import org.jspecify.annotations.NullMarked;
