package com.herald.template;

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

	private final @Nullable TemplateParser parser;

	/**
	 * Parsed copies no render is using: a liqp template keeps its render's context in a
	 * field, so renders at once each take their own copy (as many as renders ever ran at
	 * once) instead of taking turns on one.
	 */
	private final Queue<Template> idle = new ConcurrentLinkedQueue<>();

	CompiledTemplate(String source, @Nullable TemplateParser parser, @Nullable Template parsed) {
		this.source = source;
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

	/** A copy for one render, no other render's; {@link #giveBack} it after. */
	Template borrow() {
		Template parsed = this.idle.poll();
		return (parsed != null) ? parsed : this.parser.parse(this.source);
	}

	/** A copy whose render ended normally, for the next render. */
	void giveBack(Template parsed) {
		this.idle.offer(parsed);
	}

}
