package com.herald.imports;

import org.jspecify.annotations.Nullable;

/**
 * Where one column of the file goes: a contact field, or an attribute of a type. Columns
 * without a mapping are ignored.
 *
 * @param column the column's position, from 0
 * @param field the contact field, or {@code null} for an attribute
 * @param attribute the attribute key, when {@code field} is {@code null}
 * @param type the attribute's type, when {@code field} is {@code null}
 */
public record ColumnMapping(int column, @Nullable ImportField field, @Nullable String attribute,
		@Nullable AttributeType type) {

	public static ColumnMapping field(int column, ImportField field) {
		return new ColumnMapping(column, field, null, null);
	}

	public static ColumnMapping attribute(int column, String key, AttributeType type) {
		return new ColumnMapping(column, null, key, type);
	}

	/** What it maps to, as the API and the mapping form name it. */
	public String target() {
		return (this.field != null) ? this.field.key() : "attribute:" + this.attribute + ":" + this.type.key();
	}

}
