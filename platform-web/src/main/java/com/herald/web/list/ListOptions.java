package com.herald.web.list;

import java.util.List;

import org.jspecify.annotations.Nullable;

import com.herald.audience.ContactList;
import com.herald.audience.ListService;
import com.herald.tenancy.Actor;
import com.herald.web.Option;

/**
 * The static lists pages offer in a picker (the contacts page's "Add to list", the
 * broadcast wizard): name with member count.
 */
public final class ListOptions {

	/** The most lists one picker offers; a name search narrows them. */
	public static final int MAX = 200;

	private ListOptions() {
	}

	/** The first {@link #MAX} lists, by name, whose name holds the search. */
	public static List<Option> of(ListService lists, Actor actor, @Nullable String search) {
		return lists.list(actor, search, 0, MAX).stream().map(ListOptions::option).toList();
	}

	/** The first {@link #MAX} lists by name, without counts (the contacts page). */
	public static List<Option> names(ListService lists, Actor actor) {
		return lists.choices(actor, MAX).stream().map((l) -> new Option(l.id().toString(), l.name())).toList();
	}

	static Option option(ContactList list) {
		return new Option(list.id().toString(), list.name() + " (" + list.members() + ")");
	}

}
