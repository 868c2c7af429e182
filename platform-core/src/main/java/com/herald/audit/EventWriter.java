package com.herald.audit;

import java.io.IOException;
import java.io.Writer;

import com.herald.csv.CsvWriter;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes exported events one at a time to a character stream, holding nothing but the
 * current row: what keeps an export's memory flat however many events it has.
 */
abstract sealed class EventWriter permits EventWriter.Csv, EventWriter.JsonLines {

	/** Column names, in the order both formats write them. */
	static final String[] COLUMNS = { "seq", "id", "tenant_id", "occurred_at", "actor_type", "actor_id", "actor_label",
			"actor_role", "store_id", "action", "target_type", "target_id", "summary", "ip", "user_agent", "prev_hash",
			"hash" };

	static EventWriter of(AuditExportFormat format, Writer out) throws IOException {
		return switch (format) {
			case CSV -> new Csv(out);
			case JSONL -> new JsonLines(out);
		};
	}

	abstract void write(AuditEvent event) throws IOException;

	/** Flushes what is buffered; leaves the underlying stream open. */
	abstract void finish() throws IOException;

	static @Nullable String[] values(AuditEvent event) {
		return new @Nullable String[] { Long.toString(event.seq()), event.id().toString(), event.tenantId().toString(),
				event.occurredAt().toString(), event.actorType(), event.actorId(), event.actorLabel(),
				event.actorRole(), (event.storeId() != null) ? event.storeId().toString() : null, event.action(),
				event.targetType(), event.targetId(), event.summary(), event.ip(), event.userAgent(), event.prevHash(),
				event.hash() };
	}

	/**
	 * RFC 4180 through {@link CsvWriter#faithful}: values are written exactly as stored
	 * (no spreadsheet-formula neutralising), because an audit export must be faithful to
	 * the chain.
	 */
	static final class Csv extends EventWriter {

		private final CsvWriter out;

		Csv(Writer out) throws IOException {
			this.out = CsvWriter.faithful(out);
			this.out.row(COLUMNS);
		}

		@Override
		void write(AuditEvent event) throws IOException {
			this.out.row(values(event));
		}

		@Override
		void finish() throws IOException {
			this.out.flush();
		}

	}

	/**
	 * One JSON object per line; {@code summary} is embedded as the JSON it is stored as.
	 * PostgreSQL renders jsonb on one line with control characters escaped, so an event
	 * never spans lines.
	 */
	static final class JsonLines extends EventWriter {

		private static final JsonFactory FACTORY = JsonFactory.builder()
			.rootValueSeparator((String) null)
			.disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
			.build();

		private final JsonGenerator json;

		JsonLines(Writer out) {
			this.json = FACTORY.createGenerator(out);
		}

		@Override
		void write(AuditEvent event) {
			@Nullable String[] values = values(event);
			this.json.writeStartObject();
			for (int i = 0; i < COLUMNS.length; i++) {
				String name = COLUMNS[i];
				String value = values[i];
				if (name.equals("seq")) {
					this.json.writeNumberProperty(name, event.seq());
				}
				else if (value == null) {
					this.json.writeNullProperty(name);
				}
				else if (name.equals("summary")) {
					this.json.writeName(name);
					this.json.writeRawValue(value);
				}
				else {
					this.json.writeStringProperty(name, value);
				}
			}
			this.json.writeEndObject();
			this.json.writeRaw('\n');
		}

		@Override
		void finish() {
			this.json.flush();
		}

	}

}
