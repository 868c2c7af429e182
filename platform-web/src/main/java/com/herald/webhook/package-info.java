/**
 * Provider webhooks: unauthenticated endpoints whose requests are verified by the
 * provider's signature (in the channel module) before anything is done with them.
 */
@NullMarked
package com.herald.webhook;

import org.jspecify.annotations.NullMarked;
