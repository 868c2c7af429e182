package com.herald.api.consent;

import java.util.List;
import java.util.Map;

/**
 * A contact's consent: the current status per channel and the ledger, newest first.
 *
 * @param status per channel: {@code opted_in}, {@code opted_out} or {@code unknown}
 * @param history every change, newest first
 */
public record ConsentHistoryResponse(Map<String, String> status, List<ConsentResponse> history) {

}
