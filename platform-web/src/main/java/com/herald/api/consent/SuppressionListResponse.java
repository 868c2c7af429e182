package com.herald.api.consent;

import java.util.List;

/**
 * The newest suppressions.
 *
 * @param items the suppressions, newest first
 * @param limit the most items asked for
 */
public record SuppressionListResponse(List<SuppressionResponse> items, int limit) {

}
