package com.herald.imports;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import com.herald.contact.ContactInputs;
import com.herald.contact.PhoneNumbers;
import com.herald.csv.CsvRecord;
import com.herald.tenancy.InvalidInputException;

/**
 * Reads one record under an import's mapping with the same rules as every other way
 * contacts come in ({@link ContactInputs}, {@link PhoneNumbers}): a clean row, or the
 * reasons it cannot be imported.
 */
final class RowCleaner {

	private final List<ColumnMapping> columns;

	private final String region;

	private final @Nullable ZoneId storeZone;

	RowCleaner(List<ColumnMapping> columns, String region, @Nullable ZoneId storeZone) {
		this.columns = columns;
		this.region = region;
		this.storeZone = storeZone;
	}

	/**
	 * @return the clean row, or {@code null} after adding a reject to {@code rejects}
	 */
	@Nullable CleanRow clean(CsvRecord record, List<ImportStore.Reject> rejects) {
		if (record.malformed()) {
			rejects.add(reject(record, "malformed record: " + record.problem()));
			return null;
		}
		List<String> problems = new ArrayList<>();
		CleanRow row = new CleanRow(record.number());
		Map<String, Object> attributes = null;
		for (ColumnMapping column : this.columns) {
			String cell = record.field(column.column());
			if (cell.isBlank()) {
				continue;
			}
			ImportField field = column.field();
			try {
				if (field == null) {
					if (attributes == null) {
						attributes = new LinkedHashMap<>();
					}
					attributes.put(column.attribute(), attribute(column, cell));
					continue;
				}
				switch (field) {
					case EXTERNAL_ID -> row.externalId = ContactInputs.text("externalId", cell, 200);
					case FIRST_NAME -> row.firstName = ContactInputs.text("firstName", cell, 200);
					case LAST_NAME -> row.lastName = ContactInputs.text("lastName", cell, 200);
					case EMAIL -> row.email = ContactInputs.email("email", cell);
					case PHONE -> row.phone = PhoneNumbers.toE164(cell, this.region);
					case LOCALE -> row.locale = ContactInputs.locale("locale", cell);
					case TIMEZONE -> {
						ZoneId zone = ContactInputs.timezone("timezone", cell);
						row.timezone = (zone != null) ? zone.getId() : null;
					}
					case TAGS -> row.tags = tags(cell);
				}
			}
			catch (InvalidInputException ex) {
				problems.add(reason(field, column, ex.getFieldErrors().values().iterator().next()));
			}
			catch (IllegalArgumentException ex) {
				problems.add("bad " + column.attribute() + ": " + ex.getMessage());
			}
		}
		if (problems.isEmpty() && row.externalId == null && row.email == null && row.phone == null) {
			problems.add("missing identifier: give an external id, email or phone");
		}
		if (!problems.isEmpty()) {
			rejects.add(reject(record, String.join("; ", problems)));
			return null;
		}
		row.attributes = attributes;
		if (row.timezone == null) {
			ZoneId zone = this.storeZone;
			if (zone == null && row.phone != null) {
				zone = PhoneNumbers.timeZone(row.phone).orElse(null);
			}
			row.derivedTimezone = (zone != null) ? zone.getId() : null;
		}
		return row;
	}

	private static Object attribute(ColumnMapping column, String cell) {
		Object value = column.type().read(cell);
		Map<String, @Nullable Object> checked = ContactInputs.attributes("attribute",
				Map.of(column.attribute(), value));
		return checked.get(column.attribute());
	}

	private static String tags(String cell) {
		List<String> tags = new ArrayList<>();
		for (String part : cell.split("[,;|]")) {
			if (!part.isBlank()) {
				tags.add(part);
			}
		}
		TreeSet<String> clean = new TreeSet<>(ContactInputs.tags("tags", tags));
		return String.join(",", clean);
	}

	private static String reason(@Nullable ImportField field, ColumnMapping column, String message) {
		String what = (field == null) ? column.attribute() : switch (field) {
			case EMAIL -> "email";
			case PHONE -> "phone";
			case EXTERNAL_ID -> "external id";
			case FIRST_NAME -> "first name";
			case LAST_NAME -> "last name";
			case LOCALE -> "locale";
			case TIMEZONE -> "time zone";
			case TAGS -> "tags";
		};
		return "bad " + what + ": " + message;
	}

	private static ImportStore.Reject reject(CsvRecord record, String reason) {
		return new ImportStore.Reject(record.number(), record.line(), reason, record.fields());
	}

	/** A row ready to apply; fields not given are {@code null}. */
	static final class CleanRow {

		final long record;

		@Nullable String externalId;

		@Nullable String firstName;

		@Nullable String lastName;

		@Nullable String email;

		@Nullable String phone;

		@Nullable String locale;

		@Nullable String timezone;

		/**
		 * Used only where the contact has no time zone: the store's, else the phone's.
		 */
		@Nullable String derivedTimezone;

		@Nullable Map<String, Object> attributes;

		/** Cleaned tags joined by commas (tags cannot hold commas). */
		@Nullable String tags;

		/** The contact it creates or updates, once matched. */
		java.util.@Nullable UUID contactId;

		CleanRow(long record) {
			this.record = record;
		}

	}

}
