package com.herald.api.audit;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A page of audit events, newest first.
 *
 * @param items the events
 * @param nextCursor pass as {@code cursor} to get the next (older) page; {@code null} on
 * the last page
 */
record AuditEventPageResponse(List<AuditEventResponse> items, @Nullable Long nextCursor) {

}
