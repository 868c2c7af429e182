package com.herald.audit;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventWriterTests {

	private static final UUID TENANT = UUID.fromString("11111111-2222-3333-4444-555555555555");

	private static final UUID ID = UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");

	@Test
	void quotesCsvFieldsOnlyWhenTheyNeedIt() throws IOException {
		StringWriter out = new StringWriter();
		EventWriter csv = EventWriter.of(AuditExportFormat.CSV, out);
		csv.write(event("plain", "a,b", "say \"hi\"", "two\r\nlines", "{\"a\": 1}"));
		csv.finish();
		String[] lines = out.toString().split("\r\n", -1);
		assertThat(lines).hasSize(4);
		assertThat(lines[0]).startsWith("seq,id,tenant_id,occurred_at,").endsWith(",prev_hash,hash");
		assertThat(lines[1]).isEqualTo("7," + ID + "," + TENANT + ",2026-11-22T03:10:00.123456Z,USER,plain,\"a,b\","
				+ "\"say \"\"hi\"\"\",,store.updated,store,s-1,\"{\"\"a\"\": 1}\",203.0.113.7,\"two");
		assertThat(lines[2]).isEqualTo("lines\",00ff,abcd");
		assertThat(lines[3]).isEmpty();
	}

	@Test
	void writesJsonLinesWithNullsAndRawSummary() throws IOException {
		StringWriter out = new StringWriter();
		EventWriter jsonl = EventWriter.of(AuditExportFormat.JSONL, out);
		jsonl.write(event("id-1", "label", null, "agent", "{\"after\": {\"x\": \"y\\nz\"}}"));
		jsonl.write(event("id-2", "label", null, "agent", null));
		jsonl.finish();
		String[] lines = out.toString().split("\n", -1);
		assertThat(lines).hasSize(3);
		assertThat(lines[0]).startsWith("{\"seq\":7,\"id\":\"" + ID + "\"")
			.contains("\"actor_role\":null")
			.contains("\"summary\":{\"after\": {\"x\": \"y\\nz\"}}")
			.endsWith("\"prev_hash\":\"00ff\",\"hash\":\"abcd\"}");
		assertThat(lines[1]).contains("\"summary\":null");
		assertThat(lines[2]).isEmpty();
	}

	private static AuditEvent event(String actorId, String label, String role, String userAgent, String summary) {
		return new AuditEvent(TENANT, 7, ID, Instant.parse("2026-11-22T03:10:00.123456Z"), "USER", actorId, label, role,
				null, "store.updated", "store", "s-1", summary, "203.0.113.7", userAgent, "00ff", "abcd");
	}

}
