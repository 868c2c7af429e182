package com.herald.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader for tests: records end with CRLF, quoted fields may hold
 * commas, quotes (doubled) and line breaks. Anything else fails the test.
 */
final class Csv {

	private Csv() {
	}

	static List<List<String>> parse(String text) {
		List<List<String>> records = new ArrayList<>();
		List<String> record = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '"' && field.isEmpty()) {
				i++;
				while (true) {
					if (i >= text.length()) {
						throw new IllegalArgumentException("Unterminated quoted field");
					}
					char q = text.charAt(i);
					if (q == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
						field.append('"');
						i += 2;
					}
					else if (q == '"') {
						i++;
						break;
					}
					else {
						field.append(q);
						i++;
					}
				}
				char next = (i < text.length()) ? text.charAt(i) : '\0';
				if (next != ',' && next != '\r') {
					throw new IllegalArgumentException("Text after a closing quote at " + i);
				}
			}
			else if (c == ',') {
				record.add(field.toString());
				field.setLength(0);
				i++;
			}
			else if (c == '\r') {
				if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
					throw new IllegalArgumentException("CR without LF at " + i);
				}
				record.add(field.toString());
				field.setLength(0);
				records.add(record);
				record = new ArrayList<>();
				i += 2;
			}
			else if (c == '\n' || c == '"') {
				throw new IllegalArgumentException("Bare " + (int) c + " outside quotes at " + i);
			}
			else {
				field.append(c);
				i++;
			}
		}
		if (!record.isEmpty() || !field.isEmpty()) {
			throw new IllegalArgumentException("The last record does not end with CRLF");
		}
		return records;
	}

}
