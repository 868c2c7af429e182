package com.herald.template;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jspecify.annotations.Nullable;

import liqp.Template;
import liqp.TemplateParser;

/**
 * A parsed template, safe to render many times from several threads. A source without any
 * Liquid markup renders as itself without going through the engine.
 */
public final class CompiledTemplate {

	private final String source;

	/** What the engine parses: the source with its long literal text hoisted out. */
	private final String parsedSource;

	/** The hoisted literal text, by the variable that stands for it. */
	private final Map<String, Object> literals;

	private final @Nullable TemplateParser parser;

	/**
	 * Parsed copies no render is using: a liqp template keeps its render's context in a
	 * field, so renders at once each take their own copy (as many as renders ever ran at
	 * once) instead of taking turns on one.
	 */
	private final Queue<Template> idle = new ConcurrentLinkedQueue<>();

	CompiledTemplate(String source, @Nullable TemplateParser parser, @Nullable Template parsed) {
		this(source, source, Map.of(), parser, parsed);
	}

	CompiledTemplate(String source, String parsedSource, Map<String, Object> literals, @Nullable TemplateParser parser,
			@Nullable Template parsed) {
		this.source = source;
		this.parsedSource = parsedSource;
		this.literals = literals;
		this.parser = parser;
		if (parsed != null) {
			this.idle.add(parsed);
		}
	}

	public String source() {
		return this.source;
	}

	/** Whether it has Liquid markup to render. */
	boolean hasMarkup() {
		return this.parser != null;
	}

	/**
	 * The hoisted literal text the parsed copies name, to add to every render's
	 * variables.
	 */
	Map<String, Object> literals() {
		return this.literals;
	}

	/** A copy for one render, no other render's; {@link #giveBack} it after. */
	Template borrow() {
		Template parsed = this.idle.poll();
		return (parsed != null) ? parsed : this.parser.parse(this.parsedSource);
	}

	/** A copy whose render ended normally, for the next render. */
	void giveBack(Template parsed) {
		this.idle.offer(parsed);
	}

}
