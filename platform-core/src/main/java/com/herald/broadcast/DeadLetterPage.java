package com.herald.broadcast;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of dead letters, newest failure first.
 *
 * @param items the dead letters
 * @param nextCursor what to pass as the cursor for the next (older) page; null on the
 * last page
 */
public record DeadLetterPage(List<DeadLetter> items, @Nullable String nextCursor) {

	public DeadLetterPage {
		items = List.copyOf(items);
	}

}
