package com.herald.api.apikey;

/**
 * A new API key and its full text, shown this once.
 *
 * @param apiKey the key's details
 * @param key the key to send as {@code Authorization: Bearer …} or {@code X-API-Key}
 */
public record IssuedApiKeyResponse(ApiKeyResponse apiKey, String key) {

}
