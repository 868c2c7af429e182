package com.herald.api.imports;

import org.jspecify.annotations.Nullable;

/**
 * One mapped column: a contact field ({@code externalId}, {@code firstName},
 * {@code lastName}, {@code email}, {@code phone}, {@code locale}, {@code timezone},
 * {@code tags}), or an attribute with a type ({@code text}, {@code number}, {@code date},
 * {@code boolean}).
 *
 * @param column the column's position in the file, from 0
 */
record ColumnRequest(@Nullable Integer column, @Nullable String field, @Nullable String attribute,
		@Nullable String type) {

}
