package com.herald.broadcast;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.herald.audience.Criterion;
import com.herald.tenancy.InvalidInputException;

/**
 * Who a broadcast goes to: a saved segment (evaluated at launch), a static list, or an
 * ad-hoc criteria tree.
 *
 * @param kind which of the three
 * @param segmentId the segment, for {@link Kind#SEGMENT}
 * @param listId the list, for {@link Kind#LIST}
 * @param criteria the tree, for {@link Kind#CRITERIA}
 */
public record Audience(Kind kind, @Nullable UUID segmentId, @Nullable UUID listId, @Nullable Criterion criteria) {

	public enum Kind {

		SEGMENT, LIST, CRITERIA

	}

	public Audience {
		boolean complete = switch (kind) {
			case SEGMENT -> segmentId != null;
			case LIST -> listId != null;
			case CRITERIA -> criteria != null;
		};
		if (!complete) {
			throw new InvalidInputException("audience", "Pick a segment, a list or criteria for the audience");
		}
	}

	public static Audience segment(UUID segmentId) {
		return new Audience(Kind.SEGMENT, segmentId, null, null);
	}

	public static Audience criteria(Criterion criteria) {
		return new Audience(Kind.CRITERIA, null, null, criteria);
	}

}
