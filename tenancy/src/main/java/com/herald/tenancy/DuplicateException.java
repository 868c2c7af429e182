package com.herald.tenancy;

import java.util.function.Supplier;

import org.springframework.dao.DuplicateKeyException;

/**
 * The input names something that must be unique and already exists (a slug, an email, a
 * store name).
 */
public class DuplicateException extends InvalidInputException {

	public DuplicateException(String field, String message) {
		super(field, message);
	}

	/**
	 * Runs a write, turning a unique-constraint violation into this exception on
	 * {@code field}.
	 */
	public static <T> T onDuplicateKey(String field, String message, Supplier<T> write) {
		try {
			return write.get();
		}
		catch (DuplicateKeyException ex) {
			throw new DuplicateException(field, message);
		}
	}

}
