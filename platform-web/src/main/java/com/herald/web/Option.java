package com.herald.web;

/**
 * One choice of a select or checkbox group in {@code fragments/forms.html}.
 *
 * @param value what the form sends
 * @param label what the person reads
 */
public record Option(String value, String label) {

}
