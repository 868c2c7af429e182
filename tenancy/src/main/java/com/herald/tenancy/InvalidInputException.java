package com.herald.tenancy;

import java.util.Map;

/**
 * Input that breaks a rule, reported per field so a form can show each message beside its
 * input and the API can list them in its problem body. Nothing was written when this is
 * thrown.
 */
public class InvalidInputException extends RuntimeException {

	private final Map<String, String> fieldErrors;

	public InvalidInputException(String field, String message) {
		this(Map.of(field, message));
	}

	public InvalidInputException(Map<String, String> fieldErrors) {
		super(String.join("; ", fieldErrors.values()));
		this.fieldErrors = Map.copyOf(fieldErrors);
	}

	public Map<String, String> getFieldErrors() {
		return this.fieldErrors;
	}

}
