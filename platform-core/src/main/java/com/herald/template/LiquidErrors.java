package com.herald.template;

import java.util.Optional;

import com.herald.tenancy.InvalidInputException;

/**
 * The message a form shows beside a Liquid field: its syntax error, or the first variable
 * it names that can never resolve (with the closest known name).
 */
final class LiquidErrors {

	private LiquidErrors() {
	}

	static Optional<String> find(MessageRenderer renderer, String field, String source) {
		CompiledTemplate compiled;
		try {
			compiled = renderer.compile(field, source);
		}
		catch (InvalidInputException ex) {
			return Optional.of(ex.getFieldErrors().get(field));
		}
		return renderer.unknownVariable(compiled, TemplateVariables.all()).map((unknown) -> {
			String suggestion = TemplateVariables.closest(unknown);
			return "Unknown variable {{ " + unknown + " }}"
					+ ((suggestion != null) ? ": did you mean {{ " + suggestion + " }}?"
							: ". Use contact.first_name and the other contact fields, contact.attributes.<key>,"
									+ " store.name and the other store fields, opt_out, unsubscribe_url or"
									+ " preferences_url");
		});
	}

}
