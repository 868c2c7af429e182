package com.herald.api.preference;

import java.time.Instant;
import java.util.Map;

/**
 * Links to hand a contact.
 *
 * @param preferencesUrl the preference page
 * @param unsubscribeUrls per channel key, the unsubscribe link
 * @param expiresAt when the links stop working
 */
public record PreferenceLinkResponse(String preferencesUrl, Map<String, String> unsubscribeUrls, Instant expiresAt) {

}
