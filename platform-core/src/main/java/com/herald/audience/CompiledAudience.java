package com.herald.audience;

import java.util.List;

/**
 * A criteria tree as SQL: a condition over {@code contacts c} (tenant, not erased, store
 * scope and the tree) with {@code ?} placeholders, and their values in order.
 *
 * @param where the condition, to follow {@code WHERE}
 * @param params the values of its placeholders, in order
 */
public record CompiledAudience(String where, List<Object> params) {

	public CompiledAudience {
		params = List.copyOf(params);
	}

}
