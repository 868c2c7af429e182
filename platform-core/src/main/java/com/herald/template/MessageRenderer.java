package com.herald.template;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import liqp.Template;
import liqp.TemplateParser;
import liqp.exceptions.LiquidException;
import liqp.exceptions.VariableNotExistException;

import org.springframework.stereotype.Component;

import com.herald.tenancy.InvalidInputException;

/**
 * Compiles and renders Liquid. Rendering is lenient (a variable a contact lacks renders
 * empty, so {@code default:} works); {@link #unknownVariable} renders strictly against a
 * full set of variables to find names that can never resolve (a typo in
 * {@code contact.frist_name}). Limits on size, iterations and render time keep a hostile
 * template from tying up a dispatch worker.
 */
@Component
public class MessageRenderer {

	/** The largest template source accepted, in bytes. */
	public static final int MAX_TEMPLATE_BYTES = 64 * 1024;

	private static final int MAX_RENDERED_LENGTH = 256 * 1024;

	private final TemplateParser lenient = builder().withStrictVariables(false).build();

	/**
	 * Where renders run under their time limit: reused platform threads (liqp's default
	 * starts a new thread per render; virtual threads would queue behind a batch's sends
	 * for a carrier and overrun the limit on a busy node).
	 */
	private final ExecutorService renderThreads = Executors
		.newCachedThreadPool(Thread.ofPlatform().daemon().name("liquid-render-", 0).factory());

	private final TemplateParser strict = builder().withStrictVariables(true).build();

	private static TemplateParser.Builder builder() {
		return new TemplateParser.Builder().withErrorMode(TemplateParser.ErrorMode.STRICT)
			.withMaxTemplateSizeBytes(MAX_TEMPLATE_BYTES)
			.withMaxSizeRenderedString(MAX_RENDERED_LENGTH)
			.withMaxIterations(10_000)
			.withMaxRenderTimeMillis(1_000);
	}

	/**
	 * Parses a template.
	 * @param field the form field to name in the error
	 * @param source the template text
	 * @throws InvalidInputException with the line and column of a syntax error
	 */
	public CompiledTemplate compile(String field, String source) {
		if (source.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_TEMPLATE_BYTES) {
			throw new InvalidInputException(field, "Keep it under " + (MAX_TEMPLATE_BYTES / 1024) + " KB");
		}
		if (!source.contains("{{") && !source.contains("{%")) {
			return new CompiledTemplate(source, null);
		}
		try {
			return new CompiledTemplate(source, this.lenient.parse(source));
		}
		catch (LiquidException ex) {
			throw new InvalidInputException(field, syntaxError(ex));
		}
		catch (RuntimeException ex) {
			throw new InvalidInputException(field, "The template cannot be read: " + ex.getMessage());
		}
	}

	/**
	 * Renders a template with the given variables; names that are absent render empty.
	 * Safe from any thread: a liqp template keeps each render's context in a field, so
	 * two renders of one template at once would mix their variables; they take turns.
	 */
	public String render(CompiledTemplate template, Map<String, Object> variables) {
		Template parsed = template.template();
		if (parsed == null) {
			return template.source();
		}
		synchronized (parsed) {
			// the render-time limit runs each render on another thread: a virtual one
			// from
			// a shared executor, not a new platform thread per render (liqp's default)
			return parsed.render(variables, this.renderThreads, false);
		}
	}

	/**
	 * Finds the first variable that does not resolve against {@code allVariables} (which
	 * should hold every name a template may use, with sample values).
	 * @return the name, or empty when every variable resolves
	 */
	public Optional<String> unknownVariable(CompiledTemplate template, Map<String, Object> allVariables) {
		if (template.template() == null) {
			return Optional.empty();
		}
		try {
			this.strict.parse(template.source()).render(allVariables);
			return Optional.empty();
		}
		catch (VariableNotExistException ex) {
			return Optional.of(ex.getVariableName());
		}
		catch (RuntimeException ex) {
			VariableNotExistException cause = findCause(ex);
			if (cause != null) {
				return Optional.of(cause.getVariableName());
			}
			throw ex;
		}
	}

	private static VariableNotExistException findCause(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof VariableNotExistException missing) {
				return missing;
			}
		}
		return null;
	}

	private static String syntaxError(LiquidException ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage().lines().findFirst().orElse("") : "";
		return "Syntax error at line " + ex.line + ", column " + (ex.charPositionInLine + 1)
				+ (message.isBlank() ? "" : ": " + message);
	}

}
