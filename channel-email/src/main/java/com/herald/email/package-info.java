/**
 * Email through SendGrid and SMTP: sending, event webhooks, bounces and complaints,
 * List-Unsubscribe. Implements the channel SPI of platform-core; arrives with the email
 * issue.
 */
@NullMarked
package com.herald.email;

import org.jspecify.annotations.NullMarked;
