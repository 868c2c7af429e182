package com.herald.csv;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Writes RFC 4180 CSV: CRLF after every record, a field quoted when it holds the
 * delimiter, a quote or a line break, quotes inside doubled, an absent value as an empty
 * field. Files meant for spreadsheets (rejected import rows) can neutralise formulas: a
 * value starting with {@code = + - @}, tab or CR gets a leading apostrophe so opening it
 * never runs anything; files that must be faithful (the audit export) keep values as
 * stored.
 */
public final class CsvWriter {

	private final Writer out;

	private final boolean neutraliseFormulas;

	private CsvWriter(Writer out, boolean neutraliseFormulas) {
		this.out = out;
		this.neutraliseFormulas = neutraliseFormulas;
	}

	/** A writer that keeps every value exactly as given. */
	public static CsvWriter faithful(Writer out) {
		return new CsvWriter(out, false);
	}

	/** A writer for files people open in spreadsheets. */
	public static CsvWriter forSpreadsheets(Writer out) {
		return new CsvWriter(out, true);
	}

	public void row(List<? extends @Nullable String> fields) throws IOException {
		for (int i = 0; i < fields.size(); i++) {
			if (i > 0) {
				this.out.write(',');
			}
			field(fields.get(i));
		}
		this.out.write("\r\n");
	}

	public void row(@Nullable String... fields) throws IOException {
		row(java.util.Arrays.asList(fields));
	}

	public void flush() throws IOException {
		this.out.flush();
	}

	private void field(@Nullable String value) throws IOException {
		if (value == null || value.isEmpty()) {
			return;
		}
		String text = (this.neutraliseFormulas && isFormula(value)) ? "'" + value : value;
		if (!needsQuotes(text)) {
			this.out.write(text);
			return;
		}
		this.out.write('"');
		this.out.write(text.replace("\"", "\"\""));
		this.out.write('"');
	}

	private static boolean isFormula(String value) {
		char first = value.charAt(0);
		return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
	}

	private static boolean needsQuotes(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == ',' || c == '"' || c == '\r' || c == '\n') {
				return true;
			}
		}
		return false;
	}

}
