package com.herald.template;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

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

	/** Liquid output and tags, and the literal text between them. */
	private static final Pattern MARKUP = Pattern.compile("\\{\\{.*?}}|\\{%.*?%}", Pattern.DOTALL);

	/** A raw block, whose text must stay as written. */
	private static final Pattern RAW = Pattern.compile("\\{%-?\\s*raw\\b");

	/** Literal text at least this long is hoisted out of the parsed template. */
	private static final int HOISTED_LENGTH = 64;

	private static final String LITERAL_VARIABLE = "__herald_literal_";

	/** How long one render may take before it fails. */
	private final long maxRenderMillis;

	private final TemplateParser lenient;

	/**
	 * Where renders run under their time limit: reused platform threads (liqp's default
	 * starts a new thread per render; virtual threads would queue behind a batch's sends
	 * for a carrier and overrun the limit on a busy node).
	 */
	private final ExecutorService renderThreads = Executors
		.newCachedThreadPool(Thread.ofPlatform().daemon().name("liquid-render-", 0).factory());

	private final TemplateParser strict;

	public MessageRenderer() {
		this(1_000);
	}

	MessageRenderer(long maxRenderMillis) {
		this.maxRenderMillis = maxRenderMillis;
		this.lenient = builder(maxRenderMillis).withStrictVariables(false).build();
		this.strict = builder(maxRenderMillis).withStrictVariables(true).build();
	}

	private static TemplateParser.Builder builder(long maxRenderMillis) {
		return new TemplateParser.Builder().withErrorMode(TemplateParser.ErrorMode.STRICT)
			.withMaxTemplateSizeBytes(MAX_TEMPLATE_BYTES)
			.withMaxSizeRenderedString(MAX_RENDERED_LENGTH)
			.withMaxIterations(10_000)
			.withMaxRenderTimeMillis(maxRenderMillis);
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
			return new CompiledTemplate(source, null, null);
		}
		try {
			Template parsed = this.lenient.parse(source);
			Map<String, Object> literals = new LinkedHashMap<>();
			String hoisted = hoist(source, literals);
			Template parsedHoisted = literals.isEmpty() ? null : parseOrNull(hoisted);
			if (parsedHoisted == null) {
				return new CompiledTemplate(source, this.lenient, parsed);
			}
			return new CompiledTemplate(source, hoisted, Map.copyOf(literals), this.lenient, parsedHoisted);
		}
		catch (LiquidException ex) {
			throw new InvalidInputException(field, syntaxError(ex));
		}
		catch (RuntimeException ex) {
			throw new InvalidInputException(field, "The template cannot be read: " + ex.getMessage());
		}
	}

	/**
	 * The source with each long stretch of literal text replaced by a variable that holds
	 * it (collected in {@code literals}). liqp walks its whole parse tree again on every
	 * render and re-reads the text of every literal there, so a long HTML body cost more
	 * per render than everything the recipient changes; as variables, the literals are
	 * looked up instead. Whitespace at either end of a stretch stays in place, so
	 * Liquid's whitespace control trims exactly as before.
	 */
	private static String hoist(String source, Map<String, Object> literals) {
		if (RAW.matcher(source).find()) {
			return source;
		}
		StringBuilder out = new StringBuilder(source.length());
		Matcher markup = MARKUP.matcher(source);
		int at = 0;
		while (at < source.length()) {
			boolean found = markup.find(at);
			int end = found ? markup.start() : source.length();
			String literal = source.substring(at, end);
			String core = literal.strip();
			if (core.length() >= HOISTED_LENGTH) {
				int lead = literal.indexOf(core);
				String name = LITERAL_VARIABLE + literals.size();
				literals.put(name, core);
				out.append(literal, 0, lead)
					.append("{{ ")
					.append(name)
					.append(" }}")
					.append(literal, lead + core.length(), literal.length());
			}
			else {
				out.append(literal);
			}
			if (!found) {
				break;
			}
			if (unbalancedQuotes(markup.group())) {
				// a quoted "}}" or "%}" ended the match early: leave the source as it is
				literals.clear();
				return source;
			}
			out.append(markup.group());
			at = markup.end();
		}
		return out.toString();
	}

	/** The hoisted source parsed, or null should it not parse (it always should). */
	private @Nullable Template parseOrNull(String hoisted) {
		try {
			return this.lenient.parse(hoisted);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static boolean unbalancedQuotes(String markup) {
		return markup.chars().filter((c) -> c == '"').count() % 2 != 0
				|| markup.chars().filter((c) -> c == '\'').count() % 2 != 0;
	}

	/**
	 * Renders a template with the given variables; names that are absent render empty.
	 * Safe from any thread, and renders of one template run at once: each on its own
	 * parsed copy (liqp keeps a render's context in the template).
	 */
	public String render(CompiledTemplate template, Map<String, Object> variables) {
		if (!template.hasMarkup()) {
			return template.source();
		}
		Template parsed = template.borrow();
		Map<String, Object> values = variables;
		if (!template.literals().isEmpty()) {
			values = new HashMap<>(variables);
			values.putAll(template.literals());
		}
		Map<String, Object> all = values;
		// under the time limit on a reused render thread (liqp's own limit starts a new
		// platform thread per render)
		Future<String> rendering = this.renderThreads.submit(() -> parsed.renderUnguarded(all));
		try {
			String rendered = rendering.get(this.maxRenderMillis, TimeUnit.MILLISECONDS);
			template.giveBack(parsed);
			return rendered;
		}
		catch (TimeoutException ex) {
			// liqp cannot be stopped: the overrun keeps its copy (not given back) until
			// the limits on iterations and size end it
			throw new IllegalStateException("Rendering took longer than " + this.maxRenderMillis + " ms");
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(renderError(ex.getCause()), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Rendering was interrupted");
		}
	}

	/**
	 * What went wrong in a render, in words for a dead letter (liqp wraps its errors).
	 */
	private static String renderError(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String detail = (cause.getMessage() != null) ? cause.getMessage().lines().findFirst().orElse("") : "";
		return "Liquid error: " + (detail.isBlank() ? cause.getClass().getSimpleName() : detail);
	}

	/**
	 * Finds the first variable that does not resolve against {@code allVariables} (which
	 * should hold every name a template may use, with sample values).
	 * @return the name, or empty when every variable resolves
	 */
	public Optional<String> unknownVariable(CompiledTemplate template, Map<String, Object> allVariables) {
		if (!template.hasMarkup()) {
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
