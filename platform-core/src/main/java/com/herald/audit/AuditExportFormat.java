package com.herald.audit;

import java.util.Locale;

import com.herald.tenancy.InvalidInputException;

/** File formats an audit export can be written in. */
public enum AuditExportFormat {

	/** RFC 4180: a header row, CRLF line ends, fields quoted when needed. */
	CSV("text/csv; charset=UTF-8", "csv"),

	/** JSON Lines: one JSON object per event and line, LF line ends. */
	JSONL("application/jsonl; charset=UTF-8", "jsonl");

	private final String contentType;

	private final String extension;

	AuditExportFormat(String contentType, String extension) {
		this.contentType = contentType;
		this.extension = extension;
	}

	public String contentType() {
		return this.contentType;
	}

	public String extension() {
		return this.extension;
	}

	/**
	 * The format named {@code csv} or {@code jsonl} (any case).
	 * @throws InvalidInputException for anything else
	 */
	public static AuditExportFormat of(String name) {
		for (AuditExportFormat format : values()) {
			if (format.extension.equals(name.strip().toLowerCase(Locale.ROOT))) {
				return format;
			}
		}
		throw new InvalidInputException("format", "Choose csv or jsonl");
	}

}
