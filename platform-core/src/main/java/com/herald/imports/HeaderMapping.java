package com.herald.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.herald.tenancy.InvalidInputException;

/**
 * Columns named by their header instead of their position: {@code "Phone Number" →
 * "phone"}, {@code "Market" → "attribute:market:text"}, targets written as
 * {@link ColumnMapping#target()} writes them. A name matches the header exactly, else
 * ignoring case and surrounding spaces when that finds one column only.
 */
public final class HeaderMapping {

	private static final String TARGETS = "Use externalId, firstName, lastName, email, phone, locale, timezone, tags, "
			+ "or attribute:<key>:<type> with type text, number, date or boolean";

	private HeaderMapping() {
	}

	/**
	 * The columns {@code targets} name, resolved against the file's {@code header}.
	 * @throws InvalidInputException per entry that names no column (or several), or an
	 * unknown target, keyed {@code mapping.<name>}
	 */
	public static List<ColumnMapping> resolve(Map<String, String> targets, List<String> header) {
		Map<String, String> errors = new LinkedHashMap<>();
		List<ColumnMapping> columns = new ArrayList<>();
		for (Map.Entry<String, String> entry : targets.entrySet()) {
			String name = entry.getKey();
			String at = "mapping." + name;
			List<Integer> found = positions(name, header);
			if (found.isEmpty()) {
				errors.put(at,
						"No column is named \"" + name + "\"; the file's columns are " + String.join(", ", header));
				continue;
			}
			if (found.size() > 1) {
				errors.put(at, "Columns " + found + " are all named \"" + name + "\": map them by position");
				continue;
			}
			ColumnMapping column = target(found.get(0), entry.getValue());
			if (column == null) {
				errors.put(at, TARGETS);
			}
			else {
				columns.add(column);
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidInputException(errors);
		}
		return columns;
	}

	private static List<Integer> positions(String name, List<String> header) {
		List<Integer> exact = new ArrayList<>();
		List<Integer> loose = new ArrayList<>();
		String wanted = name.strip().toLowerCase(Locale.ROOT);
		for (int i = 0; i < header.size(); i++) {
			if (header.get(i).equals(name)) {
				exact.add(i);
			}
			if (header.get(i).strip().toLowerCase(Locale.ROOT).equals(wanted)) {
				loose.add(i);
			}
		}
		return exact.isEmpty() ? loose : exact;
	}

	/**
	 * A target as {@link ColumnMapping#target()} writes it (an attribute's type may be
	 * left out: text); {@code null} when it is none.
	 */
	private static @Nullable ColumnMapping target(int column, @Nullable String target) {
		if (target == null) {
			return null;
		}
		String[] parts = target.strip().split(":", -1);
		if (parts.length == 1) {
			return ImportField.fromKey(parts[0]).map((field) -> ColumnMapping.field(column, field)).orElse(null);
		}
		if (!"attribute".equalsIgnoreCase(parts[0]) || parts.length > 3 || parts[1].isBlank()) {
			return null;
		}
		try {
			AttributeType type = (parts.length == 3) ? AttributeType.fromKey(parts[2]) : AttributeType.TEXT;
			return ColumnMapping.attribute(column, parts[1].strip(), type);
		}
		catch (InvalidInputException ex) {
			return null;
		}
	}

}
