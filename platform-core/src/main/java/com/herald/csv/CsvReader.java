package com.herald.csv;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.jspecify.annotations.Nullable;

/**
 * Reads CSV records one at a time from a {@link Reader}. Understands quoted fields with
 * doubled quotes, CR, LF and CRLF line ends (also inside quotes), and a leading byte
 * order mark. Leniencies: a quote inside an unquoted field is kept as a character; text
 * after a closing quote is appended to the field but marks the record malformed. Limits
 * ({@link #MAX_FIELD_LENGTH}, {@link #MAX_FIELDS}) keep memory bounded whatever the
 * input: a record exceeding them is read to its end and reported malformed. An
 * unterminated quote at the end of the input is reported on the last record.
 */
public final class CsvReader implements Iterator<CsvRecord>, AutoCloseable {

	/** The longest field kept; longer ones are truncated and the record is malformed. */
	public static final int MAX_FIELD_LENGTH = 65_536;

	/** The most fields kept per record; more mark the record malformed. */
	public static final int MAX_FIELDS = 1_000;

	private static final int END = -1;

	private final Reader reader;

	private final char delimiter;

	private final char[] buffer = new char[64 * 1024];

	private int position;

	private int limit;

	private long line = 1;

	private long records;

	private boolean started;

	private @Nullable CsvRecord next;

	private boolean exhausted;

	public CsvReader(Reader reader, char delimiter) {
		if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
			throw new IllegalArgumentException("Unusable delimiter");
		}
		this.reader = reader;
		this.delimiter = delimiter;
	}

	public CsvReader(Reader reader) {
		this(reader, ',');
	}

	/**
	 * Guesses the delimiter from a sample of the file's start: whichever of comma,
	 * semicolon, tab or pipe occurs most often outside quotes on the first line.
	 */
	public static char detectDelimiter(String sample) {
		char[] candidates = { ',', ';', '\t', '|' };
		int[] counts = new int[candidates.length];
		boolean quoted = false;
		for (int i = 0; i < sample.length(); i++) {
			char c = sample.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			}
			else if (!quoted && (c == '\n' || c == '\r')) {
				break;
			}
			else if (!quoted) {
				for (int k = 0; k < candidates.length; k++) {
					if (c == candidates[k]) {
						counts[k]++;
					}
				}
			}
		}
		int best = 0;
		for (int k = 1; k < candidates.length; k++) {
			if (counts[k] > counts[best]) {
				best = k;
			}
		}
		return candidates[best];
	}

	@Override
	public boolean hasNext() {
		if (this.next == null && !this.exhausted) {
			this.next = read();
			this.exhausted = this.next == null;
		}
		return this.next != null;
	}

	@Override
	public CsvRecord next() {
		if (!hasNext()) {
			throw new NoSuchElementException();
		}
		CsvRecord record = this.next;
		this.next = null;
		return record;
	}

	/** How many records have been returned or buffered so far. */
	public long recordsRead() {
		return this.records;
	}

	private @Nullable CsvRecord read() {
		int c = nextChar();
		if (!this.started) {
			this.started = true;
			if (c == '\uFEFF') {
				c = nextChar();
			}
		}
		if (c == END) {
			return null;
		}
		long startLine = this.line;
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		String problem = null;
		boolean quoted = false;
		boolean afterQuote = false;
		boolean fieldStart = true;
		while (true) {
			if (c == END) {
				if (quoted) {
					problem = firstProblem(problem, "a quoted field is not closed before the end of the file");
				}
				break;
			}
			if (quoted) {
				if (c == '"') {
					int peek = nextChar();
					if (peek == '"') {
						problem = append(field, '"', problem);
					}
					else {
						quoted = false;
						afterQuote = true;
						c = peek;
						continue;
					}
				}
				else {
					countLine(c);
					problem = append(field, (char) c, problem);
				}
			}
			else if (c == this.delimiter) {
				problem = addField(fields, field, problem);
				field.setLength(0);
				fieldStart = true;
				afterQuote = false;
				c = nextChar();
				continue;
			}
			else if (c == '\n' || c == '\r') {
				if (c == '\r') {
					int peek = nextChar();
					if (peek != '\n') {
						pushBack(peek);
					}
				}
				this.line++;
				break;
			}
			else if (c == '"' && fieldStart) {
				quoted = true;
			}
			else {
				if (afterQuote) {
					problem = firstProblem(problem, "text follows a closing quote in field " + (fields.size() + 1));
				}
				problem = append(field, (char) c, problem);
			}
			fieldStart = false;
			c = nextChar();
		}
		problem = addField(fields, field, problem);
		this.records++;
		return new CsvRecord(this.records, startLine, fields, problem);
	}

	private String addField(List<String> fields, StringBuilder field, @Nullable String problem) {
		if (fields.size() >= MAX_FIELDS) {
			return firstProblem(problem, "more than " + MAX_FIELDS + " fields");
		}
		fields.add(field.toString());
		return problem;
	}

	private static @Nullable String append(StringBuilder field, char c, @Nullable String problem) {
		if (field.length() >= MAX_FIELD_LENGTH) {
			return firstProblem(problem, "a field is longer than " + MAX_FIELD_LENGTH + " characters");
		}
		field.append(c);
		return problem;
	}

	private static String firstProblem(@Nullable String existing, String problem) {
		return (existing != null) ? existing : problem;
	}

	private void countLine(int c) {
		if (c == '\n') {
			this.line++;
		}
		else if (c == '\r') {
			int peek = nextChar();
			if (peek != '\n') {
				this.line++;
			}
			pushBack(peek);
		}
	}

	private void pushBack(int c) {
		if (c != END) {
			this.position--;
		}
	}

	private int nextChar() {
		if (this.position >= this.limit) {
			try {
				int read;
				do {
					read = this.reader.read(this.buffer, 0, this.buffer.length);
				}
				while (read == 0);
				if (read < 0) {
					this.position = 0;
					this.limit = 0;
					return END;
				}
				this.position = 0;
				this.limit = read;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return this.buffer[this.position++];
	}

	@Override
	public void close() {
		try {
			this.reader.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
