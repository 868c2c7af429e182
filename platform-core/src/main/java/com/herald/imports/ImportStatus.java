package com.herald.imports;

import java.util.Locale;

/** Where an import is in its life. */
public enum ImportStatus {

	/** The file is stored; its columns wait to be mapped. */
	UPLOADED,
	/** Mapped, waiting for a worker. */
	QUEUED,
	/**
	 * A worker is applying it (or was, and another will take over when its lease ends).
	 */
	RUNNING,
	/** Every row was read: imported, skipped or rejected. */
	COMPLETED,
	/** Stopped by an error that retrying did not clear; the rows done so far stay. */
	FAILED;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	static ImportStatus fromKey(String key) {
		return valueOf(key.toUpperCase(Locale.ROOT));
	}

	public boolean finished() {
		return this == COMPLETED || this == FAILED;
	}

}
