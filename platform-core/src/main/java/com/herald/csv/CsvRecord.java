package com.herald.csv;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One record read from a CSV file.
 *
 * @param number the record's position, 1 for the first record (the header, if any)
 * @param line the physical line the record starts on
 * @param fields the field values, unquoted
 * @param problem why the record is malformed, or {@code null} when it is well formed; a
 * malformed record's fields hold what could be read
 */
public record CsvRecord(long number, long line, List<String> fields, @Nullable String problem) {

	public CsvRecord {
		fields = List.copyOf(fields);
	}

	public boolean malformed() {
		return this.problem != null;
	}

	/** The field at {@code index}, or an empty string when the record is shorter. */
	public String field(int index) {
		return (index < this.fields.size()) ? this.fields.get(index) : "";
	}

	/** Whether every field is blank (a blank line in the file). */
	public boolean blank() {
		return this.fields.stream().allMatch(String::isBlank);
	}

}
