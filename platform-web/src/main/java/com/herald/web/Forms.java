package com.herald.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.ui.Model;

import com.herald.tenancy.InvalidInputException;

/**
 * What form handlers share: putting a refused input's field errors in the model for
 * {@code fragments/forms.html}, and the few checks a page makes before calling a service
 * (so that nothing is half-written when a page calls two services).
 */
public final class Forms {

	/** The same plain rule the services apply (one @, no spaces, a dot in the domain). */
	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}$");

	private Forms() {
	}

	/** Adds the field errors to the model as {@code errors}. */
	public static void reject(Model model, InvalidInputException ex) {
		reject(model, ex.getFieldErrors());
	}

	public static void reject(Model model, Map<String, String> fieldErrors) {
		model.addAttribute("errors", new LinkedHashMap<>(fieldErrors));
	}

	/**
	 * The field errors with some fields renamed: a service's {@code email} is the page's
	 * {@code adminEmail}.
	 */
	public static InvalidInputException renamed(InvalidInputException ex, Map<String, String> names) {
		Map<String, String> errors = new LinkedHashMap<>();
		ex.getFieldErrors().forEach((field, message) -> errors.put(names.getOrDefault(field, field), message));
		return new InvalidInputException(errors);
	}

	public static boolean isEmail(@Nullable String value) {
		return value != null && value.strip().length() <= 320 && EMAIL.matcher(value.strip()).matches();
	}

	public static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

}
