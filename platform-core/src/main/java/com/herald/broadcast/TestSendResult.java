package com.herald.broadcast;

import org.jspecify.annotations.Nullable;

/**
 * What became of a test send to one test number.
 *
 * @param to the test number
 * @param accepted whether the provider took it
 * @param provider the provider that handled it
 * @param error why not, when it did not
 */
public record TestSendResult(String to, boolean accepted, String provider, @Nullable String error) {
}
