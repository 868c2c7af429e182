package com.herald.imports;

import java.util.Objects;
import java.util.UUID;

/** Identifies a {@link ContactImport}. */
public record ImportId(UUID value) {

	public ImportId {
		Objects.requireNonNull(value, "value");
	}

	public static ImportId random() {
		return new ImportId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
