/**
 * SMS and WhatsApp through Twilio: sending, status callbacks, inbound keywords,
 * GSM-7/UCS-2 segments. Implements the channel SPI of platform-core; arrives with the
 * broadcast engine.
 */
@NullMarked
package com.herald.sms;

import org.jspecify.annotations.NullMarked;
