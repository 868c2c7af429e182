package com.herald.tenancy;

/**
 * The input names something that must be unique and already exists (a slug, an email, a
 * store name).
 */
public class DuplicateException extends InvalidInputException {

	public DuplicateException(String field, String message) {
		super(field, message);
	}

}
