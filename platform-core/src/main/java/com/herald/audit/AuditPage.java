package com.herald.audit;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a search, newest first.
 *
 * @param events the events, by descending {@code seq}
 * @param nextCursor what to pass as the cursor for the next (older) page; {@code null}
 * when this is the last page
 */
public record AuditPage(List<AuditEvent> events, @Nullable Long nextCursor) {

	public AuditPage {
		events = List.copyOf(events);
	}

	public boolean hasMore() {
		return this.nextCursor != null;
	}

}
