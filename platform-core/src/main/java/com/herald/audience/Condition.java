package com.herald.audience;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One test on a contact, as the builder sends it; every part is checked by the compiler.
 *
 * @param field {@code first_name}, {@code last_name}, {@code email}, {@code phone},
 * {@code locale}, {@code timezone}, {@code store}, {@code created_at},
 * {@code updated_at}, {@code tags}, {@code attributes.<key>}, {@code consent.<channel>}
 * ({@code sms}, {@code whatsapp}, {@code email}, {@code push}) or {@code list} (static
 * list ids)
 * @param operator one of {@link Operator}'s keys ({@code equals}, {@code starts_with}, …)
 * @param type for attributes: {@code text}, {@code number}, {@code date} or
 * {@code boolean}; ignored otherwise
 * @param values the operands, as text: none for {@code exists}, two for {@code between},
 * one or more for {@code in} and the tag operators, else one. Numbers as {@code 12.5},
 * dates as {@code 2026-11-22} (or an ISO instant for created_at and updated_at), booleans
 * as {@code true} / {@code false}, stores and lists by id, days as a whole number
 */
public record Condition(@Nullable String field, @Nullable String operator, @Nullable String type,
		List<? extends @Nullable String> values) implements Criterion {

	public Condition {
		values = Collections.unmodifiableList(new ArrayList<>(values));
	}

	public static Condition of(String field, String operator, String... values) {
		return new Condition(field, operator, null, List.of(values));
	}

	public static Condition attribute(String key, String type, String operator, String... values) {
		return new Condition("attributes." + key, operator, type, List.of(values));
	}

}
