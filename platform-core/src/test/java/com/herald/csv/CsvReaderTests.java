package com.herald.csv;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvReaderTests {

	@Test
	void readsQuotedFieldsDoubledQuotesAndLineBreaksInsideQuotes() {
		List<CsvRecord> records = read("name,note\r\n\"Ana, M.\",\"said \"\"hi\"\"\nthen left\"\nBo,plain\n");
		assertThat(records).extracting(CsvRecord::fields)
			.containsExactly(List.of("name", "note"), List.of("Ana, M.", "said \"hi\"\nthen left"),
					List.of("Bo", "plain"));
		assertThat(records.get(2).line()).isEqualTo(4);
		assertThat(records).noneMatch(CsvRecord::malformed);
	}

	@Test
	void stripsByteOrderMarkAndAcceptsCrOnlyLineEnds() {
		assertThat(read("\uFEFFa,b\rc,d")).extracting(CsvRecord::fields)
			.containsExactly(List.of("a", "b"), List.of("c", "d"));
	}

	@Test
	void unterminatedQuoteIsReportedOnTheLastRecordNotThrown() {
		List<CsvRecord> records = read("a,b\n\"open,c\n");
		assertThat(records).hasSize(2);
		assertThat(records.get(0).malformed()).isFalse();
		assertThat(records.get(1).problem()).contains("not closed");
	}

	@Test
	void textAfterClosingQuoteMarksOnlyThatRecord() {
		List<CsvRecord> records = read("\"a\"b,c\nd,e\n");
		assertThat(records.get(0).problem()).contains("closing quote");
		assertThat(records.get(1).malformed()).isFalse();
		assertThat(records.get(1).fields()).containsExactly("d", "e");
	}

	@Test
	void overlongFieldIsTruncatedAndReported() {
		String longValue = "x".repeat(CsvReader.MAX_FIELD_LENGTH + 10);
		List<CsvRecord> records = read("a," + longValue + "\nnext,row\n");
		assertThat(records.get(0).problem()).contains("longer than");
		assertThat(records.get(0).field(1)).hasSize(CsvReader.MAX_FIELD_LENGTH);
		assertThat(records.get(1).fields()).containsExactly("next", "row");
	}

	@Test
	void detectsSemicolonAndTabDelimiters() {
		assertThat(CsvReader.detectDelimiter("first;last;\"a,b\"\n1,2,3,4")).isEqualTo(';');
		assertThat(CsvReader.detectDelimiter("first\tlast\n")).isEqualTo('\t');
		assertThat(CsvReader.detectDelimiter("first,last\n")).isEqualTo(',');
	}

	/** Whatever is written by the writer reads back as the same fields. */
	@RepeatedTest(200)
	void writtenRowsReadBackIdentically() throws Exception {
		Random random = new Random();
		List<List<String>> rows = new ArrayList<>();
		for (int r = 0; r < 1 + random.nextInt(20); r++) {
			List<String> row = new ArrayList<>();
			int width = 1 + random.nextInt(6);
			for (int f = 0; f < width; f++) {
				row.add(randomText(random, "ab,\"\r\n é😀"));
			}
			if (width == 1 && row.get(0).isEmpty()) {
				row.set(0, "x");
			}
			rows.add(row);
		}
		StringWriter out = new StringWriter();
		CsvWriter writer = CsvWriter.faithful(out);
		for (List<String> row : rows) {
			writer.row(row);
		}
		assertThat(read(out.toString())).extracting(CsvRecord::fields).containsExactlyElementsOf(rows);
	}

	/** Arbitrary input never throws, never loses the count of lines, always ends. */
	@RepeatedTest(300)
	void arbitraryInputNeverThrows() {
		Random random = new Random();
		String input = randomText(random, "a,;\"\r\n\t\uFEFF\u0000");
		List<CsvRecord> records = read(input);
		long newlines = input.chars().filter((c) -> c == '\n' || c == '\r').count();
		assertThat(records.size()).isLessThanOrEqualTo((int) newlines + 1);
		for (CsvRecord record : records) {
			assertThat(record.fields()).isNotEmpty();
		}
	}

	private static String randomText(Random random, String alphabet) {
		int[] codePoints = alphabet.codePoints().toArray();
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < random.nextInt(40); i++) {
			text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
		}
		return text.toString();
	}

	private static List<CsvRecord> read(String input) {
		List<CsvRecord> records = new ArrayList<>();
		try (CsvReader reader = new CsvReader(new StringReader(input))) {
			reader.forEachRemaining(records::add);
		}
		return records;
	}

}
