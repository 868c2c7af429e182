package com.herald.audience;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Nodes combined: all of them ({@link Logic#AND}), any of them ({@link Logic#OR}), or the
 * contacts its single child does not match ({@link Logic#NOT}). The compiler checks the
 * shape (a group needs children, NOT exactly one), so a tree read from a form or JSON may
 * be malformed here and gets a precise error there.
 *
 * @param logic how the children combine
 * @param children the nodes
 */
public record Group(@Nullable Logic logic, List<? extends @Nullable Criterion> children) implements Criterion {

	public Group {
		children = Collections.unmodifiableList(new ArrayList<>(children));
	}

	public static Group and(Criterion... children) {
		return new Group(Logic.AND, List.of(children));
	}

	public static Group or(Criterion... children) {
		return new Group(Logic.OR, List.of(children));
	}

	public static Group not(Criterion child) {
		return new Group(Logic.NOT, List.of(child));
	}

	/** How a group combines its children. */
	public enum Logic {

		AND, OR, NOT

	}

}
